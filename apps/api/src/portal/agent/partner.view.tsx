/**
 * Parts of the partners' pages: the area's links and whether the landlord answered a report.
 */
import { LinksService } from '@suivi/complaints';
import { AreaNav } from '../area-nav';
import type { Lang } from '../i18n';
import { words, durationWords } from './partner.words';

type PartnerReport = Awaited<ReturnType<LinksService['partnerComplaints']>>[number];
export const STEP_KEYS = ['acknowledged', 'assigned', 'worksChecked', 'closed'] as const;
export const STEP_ACTIONS: Record<(typeof STEP_KEYS)[number], string[]> = {
  acknowledged: ['acknowledge'],
  assigned: ['assign'],
  worksChecked: ['check_works'],
  closed: ['close', 'close_without_works'],
};

export function PartnerNav(props: { lang: Lang; current: string }) {
  const t = words(props.lang);
  return (
    <AreaNav
      label={t.area}
      current={props.current}
      links={[
        ['/partners', t.reports],
        ['/partners/file', t.fileNav],
      ]}
    />
  );
}

/** Whether the landlord answered, in words and with a badge that says it. */
export function AnswerState(props: { report: PartnerReport; lang: Lang }) {
  const { report, lang } = props;
  const t = words(lang);
  const hours = report.hoursToStep.acknowledged;
  if (!report.answered || hours === null) {
    const waited = (Date.now() - Date.parse(report.filedAt)) / 3_600_000;
    return (
      <>
        <span class="badge overdue">{t.notAnswered}</span> {t.waiting(durationWords(waited, lang))}
      </>
    );
  }
  return <span class="badge ok">{t.answered(durationWords(hours, lang))}</span>;
}
