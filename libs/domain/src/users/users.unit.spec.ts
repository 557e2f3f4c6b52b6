import { describe, expect, it } from '@jest/globals';
import { IllegalTransitionError, InvalidCommandError, NotPermittedError } from '../shared/errors';
import { Actor } from '../shared/messages';
import { actorOfUser, decideUser, evolveUser, UserCommand, UserEvent, userDecider, UserProfile, UserState } from './users';

const NOW = new Date('2026-12-03T02:00:00Z');
const ADMIN: Actor = { sub: 'admin-id', role: 'admin' };
const ADMIN_52: Actor = { sub: 'admin-52-id', role: 'admin', province: '52' };
const SYSTEM: Actor = { sub: 'system', role: 'system' };
const OFFICER: UserProfile = { username: 'cb.binhdinh', displayName: 'Cán bộ Bình Định', role: 'officer', province: '52', councilEligible: false };

const command = (type: UserCommand['type'], data: object, actor: Actor = ADMIN) =>
  ({ type, data, metadata: { actor, now: NOW, commandId: `c-${type}` } }) as UserCommand;
const fold = (events: readonly UserEvent[]): UserState => events.reduce(evolveUser, userDecider.initialState());
const created: UserEvent = { type: 'UserCreated', data: { userId: 'u-1', ...OFFICER } };

describe('the user directory decider', () => {
  it('creates a user, and a username (its stream) is taken once', () => {
    expect(decideUser(command('CreateUser', { userId: 'u-1', ...OFFICER }), fold([]))).toEqual([created]);
    expect(() => decideUser(command('CreateUser', { userId: 'u-1', ...OFFICER }), fold([created]))).toThrow(IllegalTransitionError);
  });

  it('refuses profiles that would give a wider or malformed scope', () => {
    const bad = (profile: Partial<UserProfile>) => () => decideUser(command('CreateUser', { userId: 'u', ...OFFICER, ...profile }), fold([]));
    expect(bad({ role: 'applicant' })).toThrow(InvalidCommandError); // an applicant needs an organisation
    expect(bad({ org: 'htx-an-nhon' })).toThrow(InvalidCommandError); // staff have none
    expect(bad({ province: '99' })).toThrow(InvalidCommandError);
    expect(bad({ username: 'Admin' })).toThrow(InvalidCommandError);
    expect(bad({ email: 'not an address' })).toThrow(InvalidCommandError);
    expect(bad({ role: 'system' as never })).toThrow(InvalidCommandError);
  });

  it('a province admin manages only users of their province, and cannot move one out of it', () => {
    expect(decideUser(command('CreateUser', { userId: 'u-1', ...OFFICER }, ADMIN_52), fold([]))).toEqual([created]);
    expect(() => decideUser(command('CreateUser', { userId: 'u-2', ...OFFICER, province: '01' }, ADMIN_52), fold([]))).toThrow(NotPermittedError);
    expect(() => decideUser(command('CreateUser', { userId: 'u-3', ...OFFICER, province: undefined }, ADMIN_52), fold([]))).toThrow(
      NotPermittedError,
    );
    expect(() => decideUser(command('ChangeUser', { province: '01' }, ADMIN_52), fold([created]))).toThrow(NotPermittedError);
    expect(() => decideUser(command('ChangeUser', { province: null }, ADMIN_52), fold([created]))).toThrow(NotPermittedError);
    expect(decideUser(command('ChangeUser', { role: 'approver' }, ADMIN_52), fold([created]))).toEqual([
      { type: 'UserChanged', data: { role: 'approver' } },
    ]);
  });

  it('records only what changes; null clears an optional field', () => {
    const state = fold([created]);
    expect(decideUser(command('ChangeUser', { displayName: OFFICER.displayName, role: 'officer' }), state)).toEqual([]);
    const [changed] = decideUser(command('ChangeUser', { role: 'auditor', province: null }), state);
    expect(changed).toEqual({ type: 'UserChanged', data: { role: 'auditor', province: null } });
    const after = evolveUser(state, changed!);
    expect(after.status === 'Active' && after.profile).toEqual({ ...OFFICER, role: 'auditor', province: undefined });
    expect(actorOfUser(after)).toEqual({ sub: 'u-1', role: 'auditor', name: OFFICER.displayName });
  });

  it('a disabled or locked-out user acts as no one; a password reset lifts a lockout', () => {
    const disabled = fold([created, { type: 'UserDisabled', data: {} }]);
    expect(actorOfUser(disabled)).toBeUndefined();
    expect(decideUser(command('EnableUser', {}), disabled)).toEqual([{ type: 'UserEnabled', data: {} }]);
    const locked = fold([created, ...decideUser(command('RecordLockout', { failures: 5 }, SYSTEM), fold([created]))]);
    expect(actorOfUser(locked)).toBeUndefined();
    expect(decideUser(command('RecordPasswordSet', { reason: 'reset' }), locked)).toEqual([
      { type: 'PasswordSet', data: { reason: 'reset' } },
      { type: 'UserUnlocked', data: {} },
    ]);
  });

  it('only the system locks an account, and no admin disables or demotes themself', () => {
    expect(() => decideUser(command('RecordLockout', { failures: 5 }, ADMIN), fold([created]))).toThrow(NotPermittedError);
    const self = fold([
      { type: 'UserCreated', data: { userId: 'admin-id', username: 'admin', displayName: 'QT', role: 'admin', councilEligible: false } },
    ]);
    expect(() => decideUser(command('DisableUser', {}), self)).toThrow(NotPermittedError);
    expect(() => decideUser(command('ChangeUser', { role: 'auditor' }), self)).toThrow(NotPermittedError);
  });

  it('no one but an admin (or the system) acts on the directory', () => {
    expect(() => decideUser(command('CreateUser', { userId: 'u-1', ...OFFICER }, { sub: 'x', role: 'officer', province: '52' }), fold([]))).toThrow(
      NotPermittedError,
    );
  });
});
