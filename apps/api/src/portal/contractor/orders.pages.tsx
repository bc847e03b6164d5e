import { Controller, Get, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { UserPrincipal } from '@suivi/access';
import { WorkOrdersService } from '@suivi/complaints';
import type { ContractorOrder } from '@suivi/complaints';
import { CATEGORY_LABELS, workOrderStage } from '@suivi/domain';
import { Allow, CurrentUser } from '../../common/access';
import { DateTime, Deadline, Notice } from '../components';
import { Appointment, levelLabel } from '../complaint-parts';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { words } from './orders.words';

/**
 * A contractor account's home (issue 18, M6): its open work orders, most pressing first, then the last
 * closed ones, each linking to its work-order page. Scoped to the account's contractor and landlords:
 * another contractor's orders never show (an account linked to no contractor sees none).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('contractor')
export class ContractorOrdersPages {
  constructor(@Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService) {}

  @Get()
  @Allow('workorder.list')
  async list(@Page() page: PageContext, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    const { lang } = page;
    const t = words(lang);
    const orders = user.contractorId
      ? await this.workOrders.contractorOrders(
          user.contractorId,
          user.memberships.map((m) => m.landlordId),
        )
      : [];
    const open = orders.filter((o) => o.open);
    const closed = orders.filter((o) => !o.open);
    sendPage(
      reply,
      <Layout page={page} title={t.title}>
        <h1>{t.title}</h1>
        {user.contractorId ? <p>{t.intro}</p> : <Notice kind="warning">{t.noContractor}</Notice>}
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t.open(open.length)}</h2>
          {open.length === 0 ? (
            <p>{t.noneOpen}</p>
          ) : (
            <ul class="cards work-orders" id="open-orders">
              {open.map((o) => (
                <OrderCard key={o.reference} order={o} lang={lang} />
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="closed-title">
          <h2 id="closed-title">{t.closed}</h2>
          {closed.length === 0 ? (
            <p>{t.noneClosed}</p>
          ) : (
            <ul class="work-orders-closed" id="closed-orders">
              {closed.map((o) => (
                <li key={o.reference}>
                  <a href={o.path} aria-label={t.openOrder(o.reference)}>
                    <span class="reference-inline">{o.reference}</span>
                  </a>
                  {' — '}
                  {say(CATEGORY_LABELS, o.category, lang)}
                  {o.closedAt ? (
                    <>
                      {' — '}
                      {t.closedOn} <DateTime at={o.closedAt} lang={lang} timeZone={o.timeZone} style="date" />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Layout>,
    );
  }
}

/** One open order: reference (the link), where, what, how urgent, when, the next deadline, where it stands. */
function OrderCard(props: { order: ContractorOrder; lang: Lang }) {
  const { order: o, lang } = props;
  const t = words(lang);
  const stage = workOrderStage(o.status, {
    worksReported: o.worksReported,
    booked: o.appointment !== null,
    // The list reads no events: contested works show as to book / booked, which is what is left to do.
    actionsSinceOrder: [],
  });
  return (
    <li>
      <h3>
        <a href={o.path} aria-label={t.openOrder(o.reference)}>
          <span class="reference-inline">{o.reference}</span>
        </a>
      </h3>
      <dl class="facts">
        <dt>{t.where}</dt>
        <dd>
          {o.residence ?? '—'}
          {o.address ? (
            <>
              <br />
              {o.address}, {o.postcode} {o.city}
            </>
          ) : null}
        </dd>
        <dt>{t.problem}</dt>
        <dd>{say(CATEGORY_LABELS, o.category, lang)}</dd>
        <dt>{t.urgency}</dt>
        <dd>{o.urgencyLevel ? levelLabel(o.urgencyLevel, lang) : t.notRated}</dd>
        <dt>{t.appointment}</dt>
        <dd>
          {o.appointment ? (
            <Appointment appointment={o.appointment} lang={lang} timeZone={o.timeZone} />
          ) : (
            t.noAppointment
          )}
        </dd>
        <dt>{t.nextDeadline}</dt>
        <dd>
          {o.nextDueAt ? <Deadline at={o.nextDueAt} lang={lang} timeZone={o.timeZone} /> : t.noDeadline}
        </dd>
        <dt>{t.stage}</dt>
        <dd data-stage={stage}>{t.stages[stage]}</dd>
      </dl>
    </li>
  );
}
