/**
 * The portal in a real Chromium against a real server and store: each role signed in as a different
 * directory user does their work on the screens, found by role and accessible name (docs/portal.md);
 * every screen is checked with axe (no serious or critical violation). Also: the typed client is what
 * the served OpenAPI document gives (tools/portal-api.mjs --check).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { createUser, expectStatus, USER_PASSWORD } from './support/e2e-helpers';
import { choose, launchBrowser, pickDate, seriousViolations, signedIn } from './support/browser';
import { historyPlan, historyRecord, registration } from './support/fixtures';
import { E2E_ADMIN_PASSWORD, startServer, TestServer } from './support/server';

const ROOT = join(__dirname, '..');
const USERS = {
  applicant: { username: 'htx.an.nhon', displayName: 'HTX Cơ khí An Nhơn', role: 'applicant', org: 'htx-an-nhon', province: '52' },
  officer: { username: 'cb.binhdinh', displayName: 'Nguyễn Văn An', role: 'officer', province: '52' },
  chair: { username: 'chu.tich', displayName: 'Trần Thị Bình', role: 'council', councilEligible: true },
  member: { username: 'uy.vien', displayName: 'Lê Văn Cường', role: 'council', councilEligible: true },
  approver: { username: 'gd.so', displayName: 'Phạm Minh Đức', role: 'approver', province: '52' },
  auditor: { username: 'kiem.toan', displayName: 'Kiểm toán viên', role: 'auditor' },
} as const;

describe('the portal in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let importedId = '';
  const violations: string[] = [];

  /**
   * Checks the screen with axe (the violations are reported together at the end); with
   * PORTAL_SCREENSHOTS=1 (npm run portal:screenshots) also saves it as docs/screenshots/<name>.png for the README.
   */
  const audit = async (page: Page, screen: string, shot?: string) => {
    violations.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v}`));
    if (shot && process.env.PORTAL_SCREENSHOTS === '1')
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', `${shot}.png`), fullPage: true });
  };
  const as = (who: keyof typeof USERS) => signedIn(browser, server.base, USERS[who].username, USER_PASSWORD);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = { token: await server.token({ sub: 'qt-setup', role: 'admin' }) };
    for (const user of Object.values(USERS)) await createUser(server, admin, user);
    const officer = await server.token({ sub: 'cb-setup', role: 'officer', province: '52' });
    const imported = expectStatus(
      await server.request('POST', '/import/de-an', { token: officer, body: [{ ...historyPlan }, historyRecord('BD-2015-PORTAL')] }),
      200,
      'POST /import/de-an',
    );
    importedId = imported.body.results[1].id as string;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the typed client is what the served OpenAPI document gives', async () => {
    const result = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(process.execPath, [join(ROOT, 'tools', 'portal-api.mjs'), '--check', server.base], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
    expect(result).toEqual({ code: 0, out: expect.stringContaining('matches') });
  });

  test('sign-in: a wrong password is told next to the form; the right one shows who is signed in', async () => {
    const context = await browser.newContext({ baseURL: server.base });
    const page = await context.newPage();
    await page.goto('/');
    await audit(page, 'sign-in', 'dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await page.getByLabel('Mật khẩu').fill(E2E_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(await page.getByLabel('Người đăng nhập').textContent()).toContain('Quản trị hệ thống');
    await page.getByRole('menuitem', { name: 'Người dùng' }).click();
    await page.getByRole('cell', { name: 'htx.an.nhon', exact: true }).first().waitFor();
    await audit(page, 'users', 'nguoi-dung');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await context.close();
  });

  test('an applicant registers, the officer names the council, the chair reviews and the member declares a conflict', async () => {
    const applicant = await as('applicant');
    let page = applicant.page;
    await page.getByRole('heading', { name: 'Đề án của tôi' }).waitFor();
    await audit(page, 'applicant list');
    await page.getByRole('button', { name: 'Đăng ký đề án' }).click();
    await choose(page, 'Lĩnh vực', 'chuyển giao công nghệ');
    await choose(page, 'Nội dung hoạt động', '3.3');
    await page.getByLabel('Tên đề án', { exact: true }).fill('Máy cắt CNC cho đồ gỗ mỹ nghệ');
    await choose(page, 'Nguồn kinh phí', 'Khuyến công địa phương');
    await choose(page, 'Cấp quản lý', 'Tỉnh');
    await page.getByLabel('Địa bàn', { exact: true }).fill('Thị xã An Nhơn');
    await page.getByLabel('Đơn vị thực hiện', { exact: true }).fill('Trung tâm Khuyến công Bình Định');
    await page.getByLabel('Tên cơ sở thụ hưởng').fill('HTX Cơ khí An Nhơn');
    await choose(page, 'Loại', 'Hợp tác xã');
    await page.getByLabel('Tổng kinh phí', { exact: true }).fill('620000000');
    await page.getByLabel('Giá trị máy móc thiết bị', { exact: true }).fill('600000000');
    await page.getByLabel('Vốn đối ứng', { exact: true }).fill('320000000');
    // Above the cap of the rule in force: the form says so before anything is sent.
    await page.getByLabel('Kinh phí đề nghị hỗ trợ', { exact: true }).fill('900000000');
    await expect(page.getByRole('status').textContent()).resolves.toContain('vượt mức');
    await page.getByLabel('Kinh phí đề nghị hỗ trợ', { exact: true }).fill('300000000');
    await page.getByLabel('Chỉ tiêu').fill('Cơ sở được hỗ trợ máy móc thiết bị');
    await page.getByLabel('Số lượng').fill('1');
    await page.getByLabel('Đơn vị tính').fill('Cơ sở');
    await pickDate(page, 'Bắt đầu', '01/03/2027');
    await pickDate(page, 'Kết thúc', '31/10/2027');
    await audit(page, 'registration form', 'dang-ky-de-an');
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
    await page.getByRole('tab', { name: 'Hồ sơ' }).waitFor();
    await expect(page.getByText('Đã đăng ký').first().textContent()).resolves.toBe('Đã đăng ký');
    const deAnId = page.url().split('/').pop()!;
    await audit(page, 'đề án page (applicant)', 'ho-so-de-an');
    await applicant.context.close();

    const officer = await as('officer');
    page = officer.page;
    await page.getByRole('heading', { name: 'Việc cần xử lý' }).waitFor();
    await audit(page, 'officer inbox', 'viec-can-xu-ly');
    await page.getByRole('link', { name: 'Máy cắt CNC cho đồ gỗ mỹ nghệ' }).click();
    await page.getByRole('button', { name: 'Phân công hội đồng thẩm định' }).click();
    await choose(page, 'Thành viên hội đồng', USERS.chair.displayName);
    await choose(page, 'Thành viên hội đồng', USERS.member.displayName);
    await choose(page, 'Chủ tịch hội đồng', USERS.chair.displayName);
    await audit(page, 'council form', 'phan-cong-hoi-dong');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đang thẩm định').first().waitFor();
    await officer.context.close();

    const chair = await as('chair');
    page = chair.page;
    await page.getByRole('heading', { name: 'Đề án được phân công' }).waitFor();
    await page.getByRole('link', { name: 'Máy cắt CNC cho đồ gỗ mỹ nghệ' }).click();
    // The conflict-of-interest declaration comes before the dossier.
    expect(await page.getByRole('tab', { name: 'Hồ sơ' }).count()).toBe(0);
    await audit(page, 'conflict declaration', 'khai-bao-xung-dot');
    await page.getByRole('button', { name: 'Tôi không có xung đột lợi ích' }).click();
    await page.getByRole('button', { name: 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)' }).click();
    await page.getByLabel('Điểm').fill('88');
    await choose(page, 'Kiến nghị', 'Đồng ý');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByRole('button', { name: 'Kết luận thẩm định' }).waitFor();
    await chair.context.close();

    const member = await as('member');
    page = member.page;
    await page.getByRole('link', { name: 'Máy cắt CNC cho đồ gỗ mỹ nghệ' }).click();
    await page.getByRole('button', { name: 'Tôi có xung đột lợi ích' }).click();
    await page.getByRole('button', { name: 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)' }).click();
    expect(await page.getByRole('checkbox', { name: 'Tôi có xung đột lợi ích với đề án này' }).isChecked()).toBe(true);
    await page.getByLabel('Điểm').fill('40');
    await choose(page, 'Kiến nghị', 'Không đồng ý');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByRole('tab', { name: 'Hồ sơ' }).waitFor();
    await member.context.close();

    // The record: each act under its user, the conflicted review marked so.
    const auditor = await server.token({ sub: 'kt', role: 'auditor' });
    const history = (await server.request('GET', `/de-an/${deAnId}/history`, { token: auditor })).body.events as {
      type: string;
      actor: { name?: string };
      data: { conflictOfInterest?: boolean };
    }[];
    expect(history.map((e) => [e.type, e.actor.name, e.data.conflictOfInterest])).toEqual([
      ['DeAnRegistered', USERS.applicant.displayName, undefined],
      ['CouncilAssigned', USERS.officer.displayName, undefined],
      ['ReviewSubmitted', USERS.chair.displayName, false],
      ['ReviewSubmitted', USERS.member.displayName, true],
    ]);
  });

  test('a stale page gets the 412 screen, and reloads to the new version', async () => {
    const applicantToken = await server.token({ sub: 'dn-2', role: 'applicant', org: 'htx-an-nhon' });
    const id = expectStatus(
      await server.request('POST', '/de-an', { token: applicantToken, body: registration({ title: 'Đề án bị sửa đồng thời' }) }),
      201,
      'POST /de-an',
    ).body.id as string;
    const officer = await as('officer');
    const page = officer.page;
    await page.goto(`/de-an/${id}`);
    await page.getByRole('button', { name: 'Phân công hội đồng thẩm định' }).click();
    await choose(page, 'Thành viên hội đồng', USERS.chair.displayName);
    await choose(page, 'Chủ tịch hội đồng', USERS.chair.displayName);
    // Meanwhile someone else acts on the đề án.
    expectStatus(
      await server.request('POST', `/de-an/${id}/withdrawal`, { token: applicantToken, body: { reason: 'Doanh nghiệp rút' } }),
      200,
      'withdrawal',
    );
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đề án đã được người khác cập nhật').waitFor();
    await audit(page, '412 screen', 'phien-ban-cu');
    await page.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByText('Đã rút').first().waitFor();
    await officer.context.close();
  });

  test('the auditor sees the imported history, the dossier before and after approval, integrity, and downloads a workbook', async () => {
    const { context, page } = await as('auditor');
    await page.goto(`/de-an/${importedId}`);
    await page.getByRole('tab', { name: 'Lịch sử' }).click();
    await page.getByText('Phê duyệt', { exact: true }).waitFor();
    expect(await page.getByText(/Nhập từ lịch sử \(BD-2015-PORTAL\)/).count()).toBeGreaterThan(0);
    await audit(page, 'history', 'lich-su');
    await page.getByRole('tab', { name: 'Hồ sơ' }).click();
    await pickDate(page, 'Xem theo ngày', '15/01/2016');
    await page.getByText('Hồ sơ tại ngày 15/01/2016').waitFor();
    await page.getByText('Đã thẩm định').first().waitFor();
    await pickDate(page, 'Xem theo ngày', '21/01/2016');
    await page.getByText('Hồ sơ tại ngày 21/01/2016').waitFor();
    await page.getByText('Đã phê duyệt').first().waitFor();
    await audit(page, 'as-of view', 'xem-theo-ngay');

    await page.getByRole('menuitem', { name: 'Toàn vẹn dữ liệu' }).click();
    await page.getByRole('button', { name: 'Kiểm tra toàn vẹn' }).click();
    await page.getByText(/sự kiện đã kiểm tra, không có sự kiện nào bị sửa/).waitFor();
    await audit(page, 'integrity', 'toan-ven');

    await page.getByRole('menuitem', { name: 'Báo cáo' }).click();
    await page.getByRole('columnheader').first().waitFor();
    await audit(page, 'reports', 'bao-cao');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    expect(String(workbook.worksheets[0]!.getCell('A1').value ?? '')).toMatch(/BÁO CÁO|KINH PHÍ/i);
    await context.close();
  });

  test('no screen has a serious or critical accessibility violation (axe)', () => {
    expect(violations).toEqual([]);
  });
});
