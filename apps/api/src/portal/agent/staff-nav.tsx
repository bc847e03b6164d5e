import { AreaNav } from '../area-nav';
import type { Lang } from '../i18n';
import { agentWords } from './queue.words';

/** The links of the agents' area, on each of its pages. */
export function StaffNav(props: { lang: Lang; current: string }) {
  const t = agentWords(props.lang);
  return (
    <AreaNav
      label={t.staffNav}
      current={props.current}
      links={[
        ['/agent', t.queue],
        ['/agent/intake', t.intake],
        ['/agent/contractors', t.contractors],
      ]}
    />
  );
}
