/** The admin controller's answers, deterministic: unknown name → 404, a rebuild already running → 409, both as problems. */
import { Actor } from '@app/domain';
import { ProjectionStatus, RebuildInProgressError, UnknownProjectionError } from '@app/projections';
import { ProblemException } from '../http/problem';
import { toProblem } from '../http/problem.filter';
import { ReadModels } from '../read/read-models.service';
import { ProjectionsAdminController } from './projections.controller';

const admin: Actor = { sub: 'qt-1', role: 'admin' } as Actor;
const status: ProjectionStatus[] = [
  {
    name: 'de-an-list',
    state: 'rebuilding',
    owner: 'this-process',
    position: '10/5',
    lag: 0,
    lagCapped: false,
    applied: 5,
    lastError: null,
    rebuild: null,
  },
];

function controllerWith(rebuild: (name: string | undefined) => Promise<readonly string[]>) {
  const read = { rebuildInBackground: rebuild, status: async () => status } as unknown as ReadModels;
  return new ProjectionsAdminController(read);
}

async function problemOf(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  return toProblem(error);
}

describe('admin projections controller', () => {
  it('answers with the accepted projections and the status', async () => {
    await expect(controllerWith(async () => ['de-an-list']).rebuild(admin, { name: 'de-an-list' })).resolves.toEqual({
      accepted: ['de-an-list'],
      projections: status,
    });
  });

  it('maps an unknown projection to a 404 problem naming the known ones', async () => {
    const p = await problemOf(
      controllerWith(async (name) => {
        throw new UnknownProjectionError(name!, ['de-an-list', 'plan-list']);
      }).rebuild(admin, { name: 'khong-co' }),
    );
    expect(p).toMatchObject({
      status: 404,
      title: 'Không tìm thấy',
      type: 'urn:khuyen-cong:problem:not-found',
      projections: ['de-an-list', 'plan-list'],
    });
    expect(p.detail).toContain('khong-co');
  });

  it('maps a rebuild already running (here or in another process) to a 409 problem', async () => {
    for (const where of ['this process', 'another process'] as const) {
      const p = await problemOf(
        controllerWith(async () => {
          throw new RebuildInProgressError('rebuild', ['de-an-list'], where);
        }).rebuild(admin, {}),
      );
      expect(p).toMatchObject({ status: 409, title: 'Xung đột trạng thái', projections: ['de-an-list'] });
    }
  });
});
