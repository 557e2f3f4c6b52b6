/**
 * `npm run proof:crash`: the server under a steady load of full lifecycles (registration to
 * settlement) from several clients is killed with SIGKILL at random moments and started again on
 * the same data, in PostgreSQL and in embedded PGlite mode. A client whose connection breaks sends
 * the same command again with the same Idempotency-Key. At the end, with the server stopped:
 * every command that got a 2xx has its events where its answer said, no command's events and no
 * event id are stored twice, every stream's hash chain verifies, and `projections check` is clean.
 *
 * Settings: PROOF_KILLS (20; short 3), PROOF_CLIENTS (4; short 3), PROOF_MODES (postgres,pglite),
 * PROOF_KILL_GAP_MS (random gap between a restart and the next kill, up to 3,000 ms).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  actors,
  checkLog,
  checkProjections,
  createPlan,
  Ledger,
  main,
  modes,
  proofServer,
  runLifecycle,
  seconds,
  setting,
  SHORT,
  Verdict,
} from './proof-support';

const KILLS = setting('PROOF_KILLS', 20, 3);
const CLIENTS = setting('PROOF_CLIENTS', 4, 3);
const KILL_GAP_MS = setting('PROOF_KILL_GAP_MS', 3_000, 2_000);

main(async () => {
  const verdict = new Verdict('proof:crash — kill -9 under a lifecycle load');
  for (const mode of modes()) {
    verdict.section(`${mode}: ${KILLS} kills, ${CLIENTS} clients`);
    const server = await proofServer(mode, `crash-${mode}`);
    try {
      const started = Date.now();
      await server.api.start();
      const ledger = new Ledger();
      const who = await actors(server, CLIENTS);
      const planId = await createPlan(server, ledger, who.officer, `plan.${server.api.port}`);

      let stopping = false;
      let lifecycles = 0;
      const clients = who.applicants.map(async (applicant, c) => {
        for (let n = 0; !stopping; n++) {
          const id = await runLifecycle(server, ledger, who, applicant, planId, `c${c}.n${n}.${server.api.port}`);
          if (id !== undefined) lifecycles += 1;
        }
      });

      const restarts: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        // At a random moment of the load: anywhere from just after boot to a few seconds in.
        await sleep(200 + Math.random() * KILL_GAP_MS);
        await server.api.kill('SIGKILL');
        const down = Date.now();
        await server.api.start();
        restarts.push(Date.now() - down);
        if (!SHORT) process.stdout.write(`  kill ${kill + 1}/${KILLS}: ${ledger.acks.length} acknowledged, back in ${restarts.at(-1)} ms\n`);
      }
      stopping = true;
      await Promise.all(clients);
      const audit = await server.request('GET', '/audit/verify', { token: who.auditor.token });
      await server.api.kill('SIGTERM');

      const storage = await server.openStorage();
      try {
        const log = await checkLog(storage, ledger);
        const projections = await checkProjections(server, storage);
        restarts.sort((a, b) => a - b);
        verdict.figure('kill -9', KILLS);
        verdict.figure('duration', seconds(started));
        verdict.figure('lifecycles finished', lifecycles);
        verdict.figure('commands acknowledged (2xx)', ledger.acks.length);
        verdict.figure('answers by status', String(ledger.statuses));
        verdict.figure('sends refused while the server was down', ledger.refused);
        verdict.figure('sends cut off in flight by a kill (then retried)', ledger.brokenInFlight);
        verdict.figure('events in the store', log.events);
        verdict.figure('streams', log.streams);
        verdict.figure('restart to healthy, median / max', `${restarts[Math.floor(restarts.length / 2)]} / ${restarts.at(-1)} ms`);
        verdict.holds('every command of the lifecycle was acknowledged (no 4xx, no 5xx)', ledger.unexpected.length === 0, ledger.unexpected);
        verdict.holds('every acknowledged command has its events at the version it was told', log.missing.length === 0, log.missing);
        verdict.holds('no command and no event id stored twice', log.duplicated.length === 0, log.duplicated);
        verdict.holds('every stream numbered 1..n without gaps', log.gaps.length === 0, log.gaps);
        verdict.holds(`every hash chain verifies (${log.chain.checked} events)`, log.chain.ok, [JSON.stringify(log.chain.firstBroken)]);
        verdict.holds('GET /audit/verify after the last restart: ok', audit.status === 200 && audit.body?.ok === true, [JSON.stringify(audit.body)]);
        verdict.holds(
          `projections check clean (${projections.map((p) => p.name).join(', ')})`,
          projections.every((p) => p.clean),
          projections.filter((p) => !p.clean).map((p) => `${p.name}: ${JSON.stringify(p.differences).slice(0, 500)}`),
        );
      } finally {
        await storage.close();
      }
    } catch (error) {
      verdict.holds(`${mode} run finished`, false, [String((error as Error).stack ?? error), server.api.output.slice(-2_000)]);
    } finally {
      await server.dispose();
    }
  }
  verdict.end();
});
