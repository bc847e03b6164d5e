import type { ComponentChildren } from 'preact';
import { common } from './i18n';
import type { PageContext } from './page';
import { withLang } from './page';
import { STYLESHEET_PATH } from './assets';

/** Where a signed-in person's own area starts, by role. */
export function homeOf(role: string): string {
  switch (role) {
    case 'agent':
    case 'supervisor':
      return '/agent';
    case 'landlord_admin':
    case 'platform_admin':
      return '/manage';
    case 'partner':
      return '/partners';
    case 'federation_auditor':
      return '/dashboard';
    case 'contractor':
      return '/contractor';
    default:
      return '/';
  }
}

/**
 * The frame of every page: language, a skip link, the header with the language switch and the person's
 * area, one <main>, the footer. Works without JavaScript; the only stylesheet is ours.
 */
export function Layout(props: {
  page: PageContext;
  title: string;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const { page, title } = props;
  const t = common(page.lang);
  const user = page.principal.kind === 'user' ? page.principal : null;
  return (
    <html lang={page.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t.brand}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href={user ? homeOf(user.role) : '/'}>
              {t.brand}
            </a>
            <nav aria-label={t.mainNav}>
              <ul>
                {user ? (
                  <>
                    <li>
                      <a href={homeOf(user.role)}>{t.roles[user.role] ?? t.home}</a>
                    </li>
                    <li>
                      <a href="/account">{t.account}</a>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href="/file">{t.file}</a>
                    </li>
                    <li>
                      <a href="/follow">{t.follow}</a>
                    </li>
                  </>
                )}
                <li>
                  <a
                    href={withLang(page.path, t.switchLang)}
                    lang={t.switchLang}
                    hreflang={t.switchLang}
                    title={t.switchLabel}
                  >
                    {t.switchTo}
                  </a>
                </li>
                {user ? (
                  <li>
                    <form method="post" action="/sign-out" class="inline">
                      <input type="hidden" name="_csrf" value={page.csrf} />
                      <button type="submit" class="link">
                        {t.signOut}
                      </button>
                    </form>
                  </li>
                ) : null}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class={props.wide ? 'wide' : undefined} tabIndex={-1}>
          {props.children}
        </main>
        <footer class="foot">
          <p>{t.footer}</p>
          {user ? null : (
            <p>
              <a href="/sign-in">{t.signIn}</a>
            </p>
          )}
        </footer>
      </body>
    </html>
  );
}
