/**
 * `npm run proof:concurrency`: conflicting commands at the same instant, in PostgreSQL and PGlite
 * mode.
 *
 * On one đề án in implementation, rounds of 64 clients each:
 * - the same command with the same Idempotency-Key: one set of events, every client the same answer;
 * - progress reports all demanding the same version (If-Match): one wins, the rest 412;
 * - advances of 10 triệu each: exactly as many as the 70 % limit allows win (no lost update: the
 *   advances in the log add up to what the winners were told), the rest 422;
 * - suspension, stop and completion mixed: the transitions the state machine allows, the rest 409.
 * Then 50 approvals of 300 triệu each against one plan of 3 tỷ: exactly 10 commitments, no
 * overrun, the rest 422.
 *
 * After every round: each 2xx answer's events are in the log at the version it gave, no rejected
 * command left an event, every loser got 409/412/422, and no answer was a 5xx.
 *
 * In PostgreSQL mode the clients are split over two API processes on the same database, so the
 * race is decided by the database (expected versions, the plan's stream), not by one process's
 * in-memory turns.
 *
 * A race may go wrong only under some interleavings: the whole scenario is repeated PROOF_ROUNDS
 * times (10; short 1) on fresh đề án and plans, on the same servers.
 */
import { randomUUID } from 'node:crypto';
import { ApiProcess, httpRequest, Reply } from '../support/server';
import { Command, COMMAND_PATH, commandBody } from '../support/e2e-helpers';
import { M } from '../support/fixtures';
import {
  actors,
  Actors,
  Caller,
  createPlan,
  Ledger,
  main,
  Mode,
  modes,
  ProofServer,
  proofServer,
  runLifecycle,
  sendCommand,
  seconds,
  setting,
  StatusCounts,
  Verdict,
} from './proof-support';
import { idempotentId } from '@app/application';

const ROUNDS = setting('PROOF_ROUNDS', 10, 1);
const CLIENTS = 64;
const APPROVALS = 50;
const LOSING = new Set([409, 412, 422]);

interface Shot {
  readonly caller: Caller;
  readonly command: Command;
  readonly body: unknown;
  readonly key?: string;
  readonly ifMatch?: number;
}

interface HistoryEvent {
  type: string;
  version: number;
  commandId: string;
  data: Record<string, unknown>;
}

async function history(server: ProofServer, who: Actors, deAnId: string): Promise<HistoryEvent[]> {
  const reply = await server.request('GET', `/de-an/${deAnId}/history`, { token: who.auditor.token });
  if (reply.status !== 200) throw new Error(`history of ${deAnId}: ${reply.status}`);
  return reply.body.events as HistoryEvent[];
}

/** The API processes the clients take turns on. */
type Targets = readonly ApiProcess[];

/** Fires every shot at once at one đề án (spread over the targets) and checks the log against the answers. */
async function race(
  verdict: Verdict,
  server: ProofServer,
  targets: Targets,
  who: Actors,
  deAnId: string,
  name: string,
  shots: readonly Shot[],
  expect: (replies: Reply[], added: HistoryEvent[]) => [string, boolean][],
): Promise<void> {
  const before = (await history(server, who, deAnId)).length;
  const keys = shots.map((shot) => shot.key ?? `race.${randomUUID()}`);
  const started = Date.now();
  const replies = await Promise.all(
    shots.map((shot, i) =>
      httpRequest(targets[i % targets.length]!.base, 'POST', COMMAND_PATH[shot.command].replace(':id', deAnId), {
        token: shot.caller.token,
        body: shot.body,
        timeoutMs: 120_000,
        headers: { 'idempotency-key': keys[i]!, ...(shot.ifMatch !== undefined ? { 'if-match': `"${shot.ifMatch}"` } : {}) },
      }),
    ),
  );
  const elapsed = seconds(started);
  const after = await history(server, who, deAnId);
  const added = after.slice(before);
  const won = [...new Set(replies.flatMap((reply, i) => (reply.status < 300 ? [shots[i]!.command] : [])))].join(', ');
  verdict.figure(`${name}: answers (${elapsed})`, `${StatusCounts.of(replies.map((r) => r.status))}; won: ${won}`);

  const misplaced: string[] = [];
  const byCommand = new Map(after.map((event) => [event.commandId, event]));
  replies.forEach((reply, i) => {
    const commandId = idempotentId(shots[i]!.caller.claims, keys[i]!, `command:${deAnId}`);
    if (reply.status < 300) {
      const at = after[(reply.body.version as number) - 1];
      if (at?.commandId !== commandId)
        misplaced.push(`${shots[i]!.command} answered ${reply.status} v${reply.body.version}, log has ${at?.commandId ?? 'nothing'} there`);
    } else if (byCommand.has(commandId)) {
      misplaced.push(`${shots[i]!.command} answered ${reply.status} but its event is in the log`);
    }
  });
  const winners = new Set(replies.flatMap((reply, i) => (reply.status < 300 ? [keys[i]] : []))).size;
  const addedCommands = new Set(added.map((event) => event.commandId)).size;
  verdict.holds(
    `${name}: no 5xx, every loser 409/412/422`,
    replies.every((r) => r.status < 300 || LOSING.has(r.status)),
    replies.filter((r) => r.status >= 300 && !LOSING.has(r.status)).map((r) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`),
  );
  verdict.holds(
    `${name}: the log holds exactly the winners' commands (${winners} commands, ${added.length} events)`,
    misplaced.length === 0 && addedCommands === winners,
    misplaced,
  );
  for (const [condition, ok] of expect(replies, added)) verdict.holds(`${name}: ${condition}`, ok);
}

async function proveOneDeAn(verdict: Verdict, server: ProofServer, targets: Targets, who: Actors, ledger: Ledger, planId: string): Promise<void> {
  const deAnId = await runLifecycle(server, ledger, who, who.applicants[0]!, planId, `one.${randomUUID()}`, 7); // through the contract
  if (!deAnId || ledger.unexpected.length) throw new Error(`set-up: ${ledger.unexpected.join('; ')}`);
  const refs = { planId, chair: who.chair.sub, member: who.member.sub };
  const applicant = who.applicants[0]!;
  const times = <T>(make: (i: number) => T) => Array.from({ length: CLIENTS }, (_, i) => make(i));

  const sameKey = `same.${randomUUID()}`;
  await race(
    verdict,
    server,
    targets,
    who,
    deAnId,
    `${CLIENTS} × one inspection, one Idempotency-Key`,
    times(() => ({ caller: who.officer, command: 'inspections' as const, body: commandBody('inspections', refs), key: sameKey })),
    (replies, added) => [
      ['one event', added.length === 1],
      ['every client the same version', replies.every((r) => r.status === 200 && r.body.version === replies[0]!.body.version)],
    ],
  );

  const version = (await history(server, who, deAnId)).length;
  await race(
    verdict,
    server,
    targets,
    who,
    deAnId,
    `${CLIENTS} × progress with If-Match "${version}"`,
    times(() => ({ caller: applicant, command: 'progress' as const, body: commandBody('progress', refs), ifMatch: version })),
    (replies) => [
      [
        'one winner, 63 × 412',
        replies.filter((r) => r.status === 200).length === 1 && replies.filter((r) => r.status === 412).length === CLIENTS - 1,
      ],
    ],
  );

  // the officer confirms the winning report: the advances are judged by the confirmed volume (TT 36/2013 Điều 23.3.a)
  const confirmation = `confirm.${randomUUID()}`;
  const confirmed = await sendCommand(
    server,
    ledger,
    who.officer,
    `/de-an/${deAnId}/progress-confirmation`,
    commandBody('progress-confirmation', refs),
    confirmation,
  );
  if (confirmed.status !== 200) throw new Error(`set-up: progress confirmation → ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  ledger.acks.push({
    deAnId,
    command: 'progress-confirmation',
    caller: who.officer.claims,
    key: confirmation,
    version: confirmed.body.version as number,
    at: Date.now(),
  });

  // 70 % of the approved 300 triệu may be advanced: 21 advances of 10 triệu.
  await race(
    verdict,
    server,
    targets,
    who,
    deAnId,
    `${CLIENTS} × advance of 10 triệu`,
    times(() => ({ caller: who.finance, command: 'advances' as const, body: { amount: 10 * M, paidDate: '2027-06-28' } })),
    (replies, added) => {
      const paid = added.filter((e) => e.type === 'AdvancePaid');
      const total = paid.reduce((sum, e) => sum + (e.data.amount as number), 0);
      return [
        [
          'exactly 21 winners (210 triệu = 70 % of 300 triệu), the rest 422',
          replies.filter((r) => r.status === 200).length === 21 && replies.filter((r) => r.status === 422).length === CLIENTS - 21,
        ],
        [
          'the advances in the log add up to 210 triệu, and the last running total says so',
          total === 210 * M && paid.at(-1)?.data.totalAdvanced === 210 * M,
        ],
      ];
    },
  );

  const mixed: Command[] = ['suspension', 'stop', 'completion'];
  await race(
    verdict,
    server,
    targets,
    who,
    deAnId,
    `${CLIENTS} × suspension / stop / completion`,
    times((i) => {
      const command = mixed[i % 3]!;
      return { caller: command === 'completion' ? applicant : who.approver, command, body: commandBody(command, refs) };
    }),
    (replies, added) => [
      [
        'at least one transition won, the others 409',
        replies.some((r) => r.status === 200) && replies.every((r) => r.status === 200 || r.status === 409),
      ],
      ['at most one winner per state the đề án went through', added.length <= 2],
    ],
  );
}

async function provePlan(verdict: Verdict, server: ProofServer, targets: Targets, who: Actors, ledger: Ledger): Promise<void> {
  const planId = await createPlan(server, ledger, who.officer, `plan3.${randomUUID()}`, 3_000 * M);
  const started = Date.now();
  const ids: string[] = [];
  // The set-up, 8 at a time: 50 đề án appraised, each recommending 300 triệu.
  for (let batch = 0; batch < APPROVALS; batch += 8) {
    const made = await Promise.all(
      Array.from({ length: Math.min(8, APPROVALS - batch) }, (_, i) =>
        runLifecycle(server, ledger, who, who.applicants[(batch + i) % who.applicants.length]!, planId, `appr.${randomUUID()}`, 5),
      ),
    );
    ids.push(...made.filter((id): id is string => id !== undefined));
  }
  if (ids.length !== APPROVALS || ledger.unexpected.length) throw new Error(`set-up: ${ledger.unexpected.join('; ')}`);
  verdict.figure(`set-up: ${APPROVALS} đề án appraised`, seconds(started));

  const refs = { planId, chair: who.chair.sub, member: who.member.sub };
  const raced = Date.now();
  const replies = await Promise.all(
    ids.map((id, i) =>
      httpRequest(targets[i % targets.length]!.base, 'POST', `/de-an/${id}/approval`, {
        token: who.approver.token,
        body: commandBody('approval', refs),
        headers: { 'idempotency-key': `approve.${randomUUID()}` },
        timeoutMs: 120_000,
      }),
    ),
  );
  verdict.figure(`${APPROVALS} approvals on one plan: answers (${seconds(raced)})`, String(StatusCounts.of(replies.map((r) => r.status))));
  const plan = (await server.request('GET', `/plans/${planId}`, { token: who.officer.token })).body as {
    allocation: number;
    committed: number;
    remaining: number;
  };
  verdict.figure('plan: allocation / committed / remaining', `${plan.allocation / M} / ${plan.committed / M} / ${plan.remaining / M} triệu`);
  const approved = await Promise.all(ids.map(async (id) => (await history(server, who, id)).some((e) => e.type === 'DeAnApproved')));
  const mismatched = ids
    .filter((id, i) => approved[i] !== (replies[i]!.status === 200))
    .map((id, i) => `${id}: answered ${replies[i]!.status}, approved in the log: ${approved[i]}`);
  verdict.holds(
    'exactly 10 approvals won, 40 × 422, no 5xx',
    replies.filter((r) => r.status === 200).length === 10 && replies.filter((r) => r.status === 422).length === APPROVALS - 10,
    replies.filter((r) => r.status !== 200 && r.status !== 422).map((r) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`),
  );
  verdict.holds(
    'committed = 10 × 300 triệu = allocation (no overrun, no lost commitment)',
    plan.committed === 3_000 * M && plan.remaining === 0 && plan.committed <= plan.allocation,
  );
  verdict.holds('each đề án approved in its log exactly when its answer was 200', mismatched.length === 0, mismatched);
}

async function prove(verdict: Verdict, mode: Mode): Promise<void> {
  const server = await proofServer(mode, `conc-${mode}`);
  // PGlite is one process per directory; on PostgreSQL a second API process shares the database.
  const second = mode === 'postgres' ? new ApiProcess({ ...server.env, DEADLINE_SCHEDULER: 'false' }) : undefined;
  const targets = [server.api, ...(second ? [second] : [])];
  const processes = `${targets.length} API process${targets.length > 1 ? 'es' : ''}`;
  try {
    await Promise.all(targets.map((api) => api.start()));
    const who = await actors(server, 8);
    const ledger = new Ledger();
    const planId = await createPlan(server, ledger, who.officer, `plan.${randomUUID()}`, 100_000 * M);
    for (let round = 1; round <= ROUNDS; round++) {
      verdict.section(`${mode}: ${processes}, round ${round}/${ROUNDS}`);
      await proveOneDeAn(verdict, server, targets, who, ledger, planId);
      await provePlan(verdict, server, targets, who, ledger);
    }
    const audit = await server.request('GET', '/audit/verify', { token: who.auditor.token });
    verdict.holds(`hash chains verify (${audit.body?.checked} events)`, audit.body?.ok === true);
  } catch (error) {
    verdict.holds(`${mode} run finished`, false, [String((error as Error).stack ?? error), server.api.output.slice(-2_000)]);
  } finally {
    await second?.kill();
    await server.dispose();
  }
}

main(async () => {
  const verdict = new Verdict(`proof:concurrency — 64 clients on one đề án, 50 approvals on one plan, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}`);
  for (const mode of modes()) await prove(verdict, mode);
  verdict.end();
});
