/**
 * The calendar deadlines of a province: its periodic reports to the Ministry. The scheduler calls this at
 * start and then every REPORT_SWEEP_MS: for every reporting province, every report whose period ended since
 * the deployment began reporting (REPORTING_SINCE, else the day of the store's first event) and whose due
 * day is over gets `RecordReportMissed` — which the decider turns into `PeriodicReportMissed` only when
 * nothing was submitted and no miss is recorded yet, so any number of workers and sweeps record it once.
 */
import {
  DeadlineRules,
  IsoDate,
  periodicReportDecider,
  periodicReportStreamId,
  PeriodicReportCommand,
  periodsEndingBetween,
  REPORT_TYPES,
  reportDue,
  vietnamDay,
} from '@app/domain';
import { CommandHandler } from '../command-handler';
import { nameBasedUuid } from '../ids';
import { SCHEDULER_ACTOR } from '../deadlines/record-deadline-missed';

export interface MissedReportsSweep {
  readonly provinces: number;
  readonly checked: number;
  readonly recorded: number;
}

export async function recordMissedReports(
  commands: CommandHandler,
  options: {
    readonly provinces: readonly string[];
    readonly since: IsoDate;
    readonly now: Date;
    readonly rules: DeadlineRules;
    /** Streams already submitted or missed (the read model's), not read again. */
    readonly settled?: ReadonlySet<string>;
  },
): Promise<MissedReportsSweep> {
  const { provinces, since, now, rules, settled } = options;
  const decider = periodicReportDecider(rules.policy);
  let checked = 0;
  let recorded = 0;
  for (const type of REPORT_TYPES) {
    const due = periodsEndingBetween(type, since, vietnamDay(now)).filter((p) => reportDue(p, rules.policy).dueAt < now.toISOString());
    for (const period of due) {
      for (const province of provinces) {
        const streamId = periodicReportStreamId(province, type, period.period);
        if (settled?.has(streamId)) continue;
        const command = {
          type: 'RecordReportMissed',
          data: { province, reportType: type, period: period.period },
          metadata: { actor: SCHEDULER_ACTOR, now, commandId: nameBasedUuid(`report-missed:${streamId}`) },
        } as PeriodicReportCommand;
        const handled = await commands.handle(decider, streamId, [command]);
        checked += 1;
        if (!handled.duplicate && handled.events.some((e) => e.type === 'PeriodicReportMissed')) recorded += 1;
      }
    }
  }
  return { provinces: provinces.length, checked, recorded };
}
