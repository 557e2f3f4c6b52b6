/** Checkpoint positions as the runner stores them: "commit/prepare", with "0/0" for "before every event". */
import { comparePositions, formatPosition, GlobalPosition, parsePosition, RecordedEvent } from '@app/event-store';

export const ZERO: GlobalPosition = { commit: 0n, prepare: 0n };

export const isZero = (p: GlobalPosition): boolean => p.commit === 0n && p.prepare === 0n;

/** The stored form, or null for "nothing applied yet". */
export const shownPosition = (p: GlobalPosition): string | null => (isZero(p) ? null : formatPosition(p));

export const positionOf = (text: string | null | undefined): GlobalPosition => (text ? parsePosition(text) : ZERO);

/** `readAll` options for the events after `p`. */
export const afterOption = (p: GlobalPosition): { after?: GlobalPosition } => (isZero(p) ? {} : { after: p });

export const eventsAfter = (events: readonly RecordedEvent[], p: GlobalPosition): RecordedEvent[] =>
  events.filter((e) => comparePositions(e.position, p) > 0);

export const eventsUpTo = (events: readonly RecordedEvent[], p: GlobalPosition): RecordedEvent[] =>
  events.filter((e) => comparePositions(e.position, p) <= 0);
