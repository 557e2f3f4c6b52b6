/**
 * The read models agree with the domain: every fixture history — and every prefix of it — folded
 * through the domain's evolve and through each projection's fold gives the same status and the same
 * money. (A projection that re-derived the lifecycle on its own once missed AppraisalConcluded: the
 * Appraised filter and the pipeline's Appraised bucket were always empty, and a rebuild could not see it.)
 */
import { DeAnEvent, deAnDecider, DeAnState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { HISTORY, STATUSES } from '@app/domain/testing';
import { evolveDeAnRow } from './de-an-list.projection';
import { evolveDeAnFact } from './reports/facts';

const decider = deAnDecider();
const ID = 'DA-AGREEMENT';

const recorded = (events: readonly DeAnEvent[]): RecordedEvent[] =>
  events.map((event, i) => ({
    streamId: `de-an-${ID}`,
    version: i + 1,
    eventId: `e-${i}`,
    type: event.type,
    data: event.data as unknown as RecordedEvent['data'],
    metadata: {
      actor: { sub: 'x', role: 'officer' },
      occurredAt: '2026-01-01T00:00:00Z',
      recordedAt: '2026-01-01T00:00:00Z',
      commandId: `c-${i}`,
      correlationId: `c-${i}`,
      causationId: `c-${i}`,
    },
    position: { commit: BigInt(i), prepare: BigInt(i) },
    prevHash: '',
    hash: '',
  }));

const money = (state: DeAnState) =>
  state.status === 'Initial'
    ? undefined
    : {
        approved: state.dossier.approvedSupport,
        settled: 'settlement' in state.dossier ? state.dossier.settlement.settledSupport : null,
      };

describe('the read models agree with the domain on every fixture history', () => {
  const cases = STATUSES.flatMap((status) =>
    HISTORY[status].map((_, n) => [`${status}, after ${n + 1} of ${HISTORY[status].length} events`, HISTORY[status].slice(0, n + 1)] as const),
  );

  it('covers every status the domain has', () => {
    const reached = new Set(cases.map(([, events]) => events.reduce(decider.evolve, decider.initialState()).status));
    expect([...reached].sort()).toEqual(STATUSES.filter((s) => s !== 'Initial').sort());
  });

  it.each(cases)('%s', (_name, events) => {
    const state = events.reduce(decider.evolve, decider.initialState());
    const stored = recorded(events);
    const row = stored.reduce<ReturnType<typeof evolveDeAnRow>>((r, e) => evolveDeAnRow(r, e, ID), undefined);
    const fact = stored.reduce<ReturnType<typeof evolveDeAnFact>>((f, e) => evolveDeAnFact(f, e, ID), undefined);
    expect({ list: row?.status, facts: fact?.status }).toEqual({ list: state.status, facts: state.status });
    expect({ approved: row?.approved_support, settled: row?.settled_support }).toEqual(money(state));
    expect({ approved: fact?.approved_support, settled: fact?.settled_support }).toEqual(money(state));
  });
});
