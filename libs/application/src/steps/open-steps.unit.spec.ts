import { describe, expect, it } from '@jest/globals';
import { Actor, COMMAND_STATUSES, DeAnState, evolve, initialState } from '@app/domain';
import { actors, HISTORY } from '@app/domain/testing';
import { openSteps } from './open-steps';
import { STEPS } from './catalogue';

/** A KCĐP dossier: one level, so only role, status and rule decide. */
const dossier = {
  organisation: 'htx-an-nhon',
  registeredOn: '2026-03-01',
  proposal: { fundingSource: 'KCDP' },
  council: {
    chair: 'hd-1',
    members: [
      { sub: 'hd-1', name: 'A' },
      { sub: 'hd-2', name: 'B' },
    ],
  },
};
const at = (status: string) => ({ status, dossier }) as unknown as DeAnState;
const names = (actor: Actor, status: string) => openSteps(actor, at(status)).map((s) => s.name);

describe('the steps open to a caller', () => {
  it('follow the role, the status the decider accepts the command in, and the step rule', () => {
    expect(names({ sub: 'hd-2', role: 'council' }, 'UnderAppraisal')).toEqual(['reviews']);
    expect(names({ sub: 'hd-1', role: 'council' }, 'UnderAppraisal')).toEqual(['reviews', 'revision-request', 'appraisal']);
    expect(names({ sub: 'hd-9', role: 'council' }, 'UnderAppraisal')).toEqual([]);
    expect(names({ sub: 'o', role: 'officer', province: '52' }, 'Registered')).toEqual(['council']);
    expect(names({ sub: 'u', role: 'applicant', org: 'htx-an-nhon' }, 'RevisionRequested')).toEqual(['revision', 'withdrawal']);
    expect(names({ sub: 'u', role: 'applicant', org: 'khac' }, 'RevisionRequested')).toEqual([]);
    expect(names({ sub: 'a', role: 'auditor' }, 'InImplementation')).toEqual([]);
  });

  it('a KCQG đề án offers each step to its level’s staff only: the Sở’s until forwarded and for the first acceptance, the Cục’s after', () => {
    const kcqg = (status: keyof typeof HISTORY) => HISTORY[status].reduce(evolve, initialState());
    const offered = (actor: Actor, status: keyof typeof HISTORY) => openSteps(actor, kcqg(status)).map((s) => s.name);
    expect(offered(actors.officer, 'BaseAppraised')).toEqual(['forwarding']);
    expect(offered(actors.cuc, 'BaseAppraised')).toEqual([]);
    expect(offered(actors.officer, 'Forwarded')).toEqual([]);
    expect(offered(actors.cuc, 'Forwarded')).toEqual(['council']);
    expect(offered(actors.officer, 'Approved')).toEqual(['adjustments']);
    expect(offered(actors.cuc, 'Approved')).toEqual(['contract', 'adjustments']);
    expect(offered(actors.officer, 'Completed')).toEqual(['acceptance']);
    expect(offered(actors.cuc, 'Completed')).toEqual([]);
    expect(offered(actors.cuc, 'BaseAccepted')).toEqual(['acceptance']);
  });

  it('every step offered is one the decider accepts in that status', () => {
    for (const status of ['Registered', 'UnderAppraisal', 'Approved', 'InImplementation', 'Completed', 'Accepted', 'Settled'])
      for (const step of openSteps({ sub: 'x', role: 'officer' }, at(status)))
        expect(COMMAND_STATUSES[step.command] as readonly string[]).toContain(status);
    expect(STEPS.length).toBeGreaterThan(15);
  });
});
