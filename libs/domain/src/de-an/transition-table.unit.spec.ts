/**
 * The illegal-transition table: every status × every command type. Each status is reached by
 * folding a list of events; a valid sample command of each type is decided against it.
 * IllegalTransitionError exactly when the pair is not in EXPECTED (testing/expected-transitions.ts,
 * written from docs/DOMAIN.md, not from decide.ts); allowed pairs succeed with these samples.
 */
import { deAnDecider, DeAnCommand, DeAnCommandType, DeAnEvent, IllegalTransitionError } from '..';
import { EXPECTED } from '../testing/expected-transitions';
import { actorFor, COMMAND_TYPES, ev, HISTORY, sample, STATUSES } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

/** A pending adjustment for DecideAdjustment to decide (evolve ignores it where it does not fit). */
const setupFor = (type: DeAnCommandType): readonly DeAnEvent[] =>
  type === 'DecideAdjustment' ? [ev.adjustmentRequested('adj-0', 'change-timing', { endDate: '2026-11-30' })] : [];

const cells = STATUSES.flatMap((status) => COMMAND_TYPES.map((type) => ({ status, type, allowed: EXPECTED[status].includes(type) })));

describe('illegal-transition table (status × command)', () => {
  it('covers 18 statuses × 23 command types', () => {
    expect(STATUSES).toHaveLength(18);
    expect(COMMAND_TYPES).toHaveLength(23);
    expect(cells).toHaveLength(414);
  });

  test.each(cells)('$status × $type → allowed: $allowed', ({ status, type, allowed }) => {
    const history = [...HISTORY[status], ...setupFor(type)];
    const spec = given(history);
    expect(spec.state.status).toBe(status);
    const command: DeAnCommand = sample(type, {}, { actor: actorFor(type, status) });
    if (allowed) {
      // allowed pairs: not an IllegalTransitionError — and with these samples, no error at all
      let events: DeAnEvent[] = [];
      expect(() => {
        events = deAnDecider().decide(command, spec.state);
      }).not.toThrow();
      expect(events.length).toBeGreaterThan(0);
    } else {
      spec.when(command).thenThrows(IllegalTransitionError, { command: type, status });
    }
  });
});
