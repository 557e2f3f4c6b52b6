import { describe, expect, it } from '@jest/globals';
import { Actor, COMMAND_STATUSES, DeAnState } from '@app/domain';
import { openSteps } from './open-steps';
import { STEPS } from './catalogue';

const dossier = {
  organisation: 'htx-an-nhon',
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

  it('every step offered is one the decider accepts in that status', () => {
    for (const status of ['Registered', 'UnderAppraisal', 'Approved', 'InImplementation', 'Completed', 'Accepted', 'Settled'])
      for (const step of openSteps({ sub: 'x', role: 'officer' }, at(status)))
        expect(COMMAND_STATUSES[step.command] as readonly string[]).toContain(status);
    expect(STEPS.length).toBeGreaterThan(15);
  });
});
