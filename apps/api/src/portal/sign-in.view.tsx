/**
 * The sign-in page and the second step's code page.
 */
import { Button, Csrf, ErrorSummary, Notice, TextField } from './components';
import type { FormState } from './forms';
import { Layout } from './layout';
import type { PageContext } from './page';
import { words } from './sign-in.words';

export function codePage(page: PageContext, form: FormState, next: string | null) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.codeTitle}>
      <h1>{t.codeTitle}</h1>
      <ErrorSummary form={form} lang={page.lang} labels={{ code: t.code }} />
      <p>{t.codeIntro}</p>
      <form method="post" action="/sign-in/code" noValidate>
        <Csrf page={page} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          name="code"
          label={t.code}
          form={form}
          lang={page.lang}
          required
          autoComplete="one-time-code"
          maxLength={32}
          size="short"
        />
        <Button>{t.codeSubmit}</Button>
      </form>
      <form method="post" action="/sign-out">
        <Csrf page={page} />
        <Button kind="secondary">{t.cancel}</Button>
      </form>
    </Layout>
  );
}

export function signInPage(page: PageContext, form: FormState, next: string | null, resetDone = false) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.title}</h1>
      {resetDone ? <Notice kind="success">{t.resetDone}</Notice> : null}
      <p>{t.intro}</p>
      <p>
        {t.tenants} <a href="/follow">{t.tenantsLink}</a>
      </p>
      <ErrorSummary form={form} lang={page.lang} labels={{ email: t.email }} />
      <form method="post" action="/sign-in" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          name="email"
          type="email"
          label={t.email}
          form={form}
          lang={page.lang}
          required
          autoComplete="username"
        />
        <TextField
          name="password"
          type="password"
          label={t.password}
          form={form}
          lang={page.lang}
          required
          autoComplete="current-password"
        />
        <Button>{t.submit}</Button>
      </form>
      <p>
        <a href="/forgot-password">{t.forgot}</a>
      </p>
    </Layout>
  );
}
