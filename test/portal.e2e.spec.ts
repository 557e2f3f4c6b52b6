/**
 * The portal in a real Chromium against a real server and store: each role signed in as a different
 * directory user does their work on the screens, found by role and accessible name (docs/portal.md);
 * every screen is checked with axe (no serious or critical violation). Also: the typed client is what
 * the served OpenAPI document gives (tools/portal-api.mjs --check).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { periodsEndingBetween, ReportPeriod, vietnamDay } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { createUser, expectStatus, USER_PASSWORD } from './support/e2e-helpers';
import { choose, contextOptions, launchBrowser, pickDate, seriousViolations, signedIn, tabTo } from './support/browser';
import { historyPlan, historyRecord, M, planBody, registration } from './support/fixtures';
import { E2E_ADMIN_PASSWORD, startServer, TestServer } from './support/server';

const ROOT = join(__dirname, '..');
/** A document the applicant attaches: the dossier must cite the SHA-256 of exactly these bytes. */
const THUYET_MINH = Buffer.concat([Buffer.from('%PDF-1.7 thuyết minh đề án\n'), Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 256))]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const USERS = {
  applicant: { username: 'htx.an.nhon', displayName: 'HTX Cơ khí An Nhơn', role: 'applicant', org: 'htx-an-nhon', province: '52' },
  officer: { username: 'cb.binhdinh', displayName: 'Nguyễn Văn An', role: 'officer', province: '52' },
  chair: { username: 'chu.tich', displayName: 'Trần Thị Bình', role: 'council', councilEligible: true },
  member: { username: 'uy.vien', displayName: 'Lê Văn Cường', role: 'council', councilEligible: true },
  expert: { username: 'chuyen.gia', displayName: 'Đỗ Thu Hà', role: 'council', councilEligible: true },
  approver: { username: 'gd.so', displayName: 'Phạm Minh Đức', role: 'approver', province: '52' },
  finance: { username: 'ke.toan', displayName: 'Võ Thị Hoa', role: 'finance', province: '52' },
  auditor: { username: 'kiem.toan', displayName: 'Kiểm toán viên', role: 'auditor' },
  cuc: { username: 'cb.cuc', displayName: 'Hoàng Văn Cục', role: 'officer' },
} as const;
/** The last two quarters that have ended: the last is submitted in the browser, the one before is left to be missed. */
const [QUARTER_BEFORE, LAST_QUARTER] = periodsEndingBetween(
  'quarterly',
  new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10),
  vietnamDay(new Date()),
).slice(-2) as [ReportPeriod, ReportPeriod];

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
    // the provinces report here from the quarter before last: it is missed, and swept every second
    server = await startServer({ REPORTING_SINCE: QUARTER_BEFORE.start, REPORT_SWEEP_MS: '1000' });
    browser = await launchBrowser();
    const admin = { token: await server.token({ sub: 'qt-setup', role: 'admin' }) };
    for (const user of Object.values(USERS)) await createUser(server, admin, user);
    const officer = await server.token({ sub: 'cb-setup', role: 'officer', province: '52' });
    expectStatus(await server.request('POST', '/plans', { token: officer, body: planBody({ allocation: 3_000 * M }) }), 201, 'POST /plans');
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
    const context = await browser.newContext(contextOptions(server.base));
    const page = await context.newPage();
    await page.goto('/');
    await audit(page, 'sign-in', 'dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng' }).waitFor();
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

  /** Fills the registration form as an applicant would and sends it; resolves to the new đề án's id. */
  async function registerInBrowser(
    page: Page,
    title: string,
    check = false,
    establishments: readonly { name: string; support: number }[] = [],
  ): Promise<string> {
    await page.getByRole('button', { name: 'Đăng ký đề án' }).click();
    await choose(page, 'Lĩnh vực', 'chuyển giao công nghệ');
    await choose(page, 'Nội dung hoạt động', '3.3');
    await page.getByLabel('Tên đề án', { exact: true }).fill(title);
    await choose(page, 'Nguồn kinh phí', 'Khuyến công địa phương');
    await choose(page, 'Cấp quản lý', 'Tỉnh');
    await page.getByLabel('Địa bàn', { exact: true }).fill('Thị xã An Nhơn');
    await page.getByLabel('Đơn vị thực hiện', { exact: true }).fill('Trung tâm Khuyến công Bình Định');
    await page.getByLabel('Tên cơ sở thụ hưởng').fill('HTX Cơ khí An Nhơn');
    await choose(page, 'Loại', 'Hợp tác xã');
    await page.getByLabel('Tổng kinh phí', { exact: true }).fill('620000000');
    await page.getByLabel('Giá trị máy móc thiết bị', { exact: true }).fill('600000000');
    await page.getByLabel('Vốn đối ứng', { exact: true }).fill('320000000');
    if (check) {
      // Above the cap of the rule in force: the form says so before anything is sent.
      await page.getByLabel('Kinh phí đề nghị hỗ trợ', { exact: true }).fill('900000000');
      await page.getByRole('status').filter({ hasText: 'vượt mức' }).waitFor();
    }
    await page.getByLabel('Kinh phí đề nghị hỗ trợ', { exact: true }).fill('300000000');
    await page.getByLabel('Chỉ tiêu').fill('Cơ sở được hỗ trợ máy móc thiết bị');
    await page.getByLabel('Số lượng').fill('1');
    await page.getByLabel('Đơn vị tính').fill('Cơ sở');
    if (establishments.length > 0) {
      const group = page.getByRole('group', { name: /^Các cơ sở thụ hưởng của đề án nhóm/ });
      for (const [i, e] of establishments.entries()) {
        await page.getByRole('button', { name: /^Thêm dòng: Các cơ sở thụ hưởng/ }).click();
        await group.getByLabel('Tên cơ sở thụ hưởng').nth(i).fill(e.name);
        const kind = group.getByRole('combobox', { name: 'Loại', exact: true }).nth(i);
        await kind.click();
        await kind.fill('Hộ');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await group
          .getByLabel(/^Kinh phí hỗ trợ cơ sở/)
          .nth(i)
          .fill(String(e.support));
      }
    }
    if (check) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Chọn tệp tải lên' }).click()]);
      await chooser.setFiles({ name: 'thuyet-minh.pdf', mimeType: 'application/pdf', buffer: THUYET_MINH });
      // the digest the server computed, shown before the registration is sent
      await page.getByText(sha256(THUYET_MINH)).waitFor();
    }
    // Checked before the dates: an open calendar panel is Ant Design's own (its month and year buttons' names differ from their text).
    if (check) await audit(page, 'registration form', 'dang-ky-de-an');
    await pickDate(page, 'Bắt đầu', '01/03/2027');
    await pickDate(page, 'Kết thúc', '31/10/2027');
    await page.getByRole('button', { name: 'Gửi đăng ký' }).click();
    await page.getByRole('tab', { name: 'Hồ sơ' }).waitFor();
    await page.getByText('Đã đăng ký', { exact: true }).first().waitFor();
    return page.url().split('/').pop()!;
  }

  /** Opens a step of the đề án page, fills its form, sends it; waits until the drawer is gone. */
  async function act(page: Page, step: string, fill: () => Promise<void>, expectRefusal?: RegExp): Promise<void> {
    page.setDefaultTimeout(15_000);
    await page.getByRole('button', { name: step, exact: true }).click();
    await page.getByRole('dialog', { name: step }).waitFor();
    await fill();
    // a form that does not offer its button says why (the drawer's text is the failure)
    await page
      .getByRole('button', { name: 'Gửi', exact: true })
      .click()
      .catch(async (error: Error) => {
        throw new Error(`${step}: ${error.message}\n${await page.getByRole('dialog', { name: step }).innerText()}`);
      });
    if (expectRefusal) {
      await page.getByRole('alert').filter({ hasText: expectRefusal }).waitFor();
      return;
    }
    const drawer = page.getByRole('dialog', { name: step });
    const refused = drawer.getByRole('alert');
    await Promise.race([drawer.waitFor({ state: 'hidden' }), refused.waitFor()]).catch(() => undefined);
    // Still open: refused by the API, or by the form's own checks; what it says is the failure.
    if (await drawer.isVisible()) throw new Error(`${step}: ${await drawer.innerText()}`);
  }

  const fillLine = async (page: Page, quantity = '1') => {
    await page.getByLabel('Chỉ tiêu').fill('Cơ sở được hỗ trợ máy móc thiết bị');
    await page.getByLabel('Số lượng').fill(quantity);
    await page.getByLabel('Đơn vị tính').fill('Cơ sở');
  };
  const money = (page: Page, label: string, amount: number) => page.getByLabel(label, { exact: true }).fill(String(amount));

  test('an applicant registers, the officer names the council, the chair reviews and the member declares a conflict', async () => {
    const applicant = await as('applicant');
    let page = applicant.page;
    await page.getByRole('heading', { name: 'Đề án của tôi' }).waitFor();
    await audit(page, 'applicant list');
    const deAnId = await registerInBrowser(page, 'Máy cắt CNC cho đồ gỗ mỹ nghệ', true);
    await audit(page, 'đề án page (applicant)', 'ho-so-de-an');
    // The dossier cites the document by its digest, and gives back the very bytes.
    await page.getByText(sha256(THUYET_MINH)).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'thuyet-minh.pdf' }).click()]);
    expect(sha256(await readFile((await download.path())!))).toBe(sha256(THUYET_MINH));
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

  test('one đề án from registration to settlement in the browser, each role its own user', async () => {
    const title = 'Dây chuyền sấy nông sản';
    const applicant = await as('applicant');
    const id = await registerInBrowser(applicant.page, title);
    const officer = await as('officer');
    const open = async (page: Page) => {
      await page.goto(`/de-an/${id}`);
      await page.getByRole('heading', { name: title }).waitFor();
    };
    await open(officer.page);
    await act(officer.page, 'Phân công hội đồng thẩm định', async () => {
      await choose(officer.page, 'Thành viên hội đồng', USERS.chair.displayName);
      await choose(officer.page, 'Thành viên hội đồng', USERS.member.displayName);
      await choose(officer.page, 'Thành viên hội đồng', USERS.expert.displayName);
      await choose(officer.page, 'Chủ tịch hội đồng', USERS.chair.displayName);
    });

    // A revision round: the chair asks, the applicant sees what was asked and revises.
    const chair = await as('chair');
    await open(chair.page);
    await chair.page.getByRole('button', { name: 'Tôi không có xung đột lợi ích' }).click();
    await act(chair.page, 'Yêu cầu bổ sung, hoàn thiện hồ sơ', async () => {
      const items = chair.page.getByRole('combobox', { name: 'Nội dung yêu cầu bổ sung' });
      await items.fill('Bổ sung 03 báo giá thiết bị');
      await chair.page.keyboard.press('Enter');
      await pickDate(chair.page, 'Hạn bổ sung', '15/12/2026');
    });
    await open(applicant.page);
    await applicant.page.getByText('Bổ sung 03 báo giá thiết bị').waitFor();
    await act(applicant.page, 'Nộp hồ sơ bổ sung, hoàn thiện', async () => {
      await applicant.page.getByLabel('Ghi chú', { exact: true }).fill('Đã bổ sung 03 báo giá');
    });
    await applicant.page.getByText('Đang thẩm định').first().waitFor();

    await open(chair.page);
    await chair.page.getByRole('button', { name: 'Tôi không có xung đột lợi ích' }).click();
    await act(chair.page, 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)', async () => {
      await chair.page.getByLabel('Điểm').fill('90');
      await choose(chair.page, 'Kiến nghị', 'Đồng ý');
    });
    const member = await as('member');
    await open(member.page);
    await member.page.getByRole('button', { name: 'Tôi có xung đột lợi ích' }).click();
    await act(member.page, 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)', async () => {
      await member.page.getByLabel('Điểm').fill('20');
      await choose(member.page, 'Kiến nghị', 'Không đồng ý');
    });
    // The member's conflicted review does not count: the third member's does.
    const expert = await as('expert');
    await open(expert.page);
    await expert.page.getByRole('button', { name: 'Tôi không có xung đột lợi ích' }).click();
    await act(expert.page, 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)', async () => {
      await expert.page.getByLabel('Điểm').fill('85');
      await choose(expert.page, 'Kiến nghị', 'Đồng ý');
    });
    await open(chair.page); // the reviews moved the đề án on: a page of the old version would get the 412
    await chair.page.getByRole('button', { name: 'Tôi không có xung đột lợi ích' }).click();
    await act(chair.page, 'Kết luận thẩm định', async () => {
      await choose(chair.page, 'Kết quả', 'Đạt');
      await money(chair.page, 'Kinh phí hội đồng đề xuất', 300 * M);
      await money(chair.page, 'Định giá máy móc thiết bị khi thẩm định', 590 * M);
      await chair.page.getByLabel('Số biên bản').fill('12/BB-HĐTĐ');
    });

    const approver = await as('approver');
    await open(approver.page);
    await act(approver.page, 'Phê duyệt đề án vào kế hoạch', async () => {
      await approver.page.getByText('Mức hỗ trợ tối đa').waitFor(); // the cap rule, before approving
      await approver.page.getByLabel('Số quyết định').fill('215/QĐ-SCT');
      await pickDate(approver.page, 'Ngày quyết định', '20/01/2027');
      await money(approver.page, 'Kinh phí phê duyệt', 300 * M);
      await choose(approver.page, 'Mã kế hoạch', 'Kế hoạch 2027');
    });
    await approver.page.getByText('Đã phê duyệt').first().waitFor();

    await open(officer.page);
    await act(officer.page, 'Ký hợp đồng thực hiện', async () => {
      await officer.page.getByLabel('Số hợp đồng').fill('08/2027/HĐ-KC');
      await pickDate(officer.page, 'Ngày ký', '25/02/2027');
      await pickDate(officer.page, 'Ngày kết thúc', '31/10/2027');
      await choose(officer.page, 'Hình thức lựa chọn', 'Xét chọn');
    });
    await open(applicant.page);
    await act(applicant.page, 'Báo cáo tiến độ hằng tháng', async () => {
      await applicant.page.getByLabel('Kỳ báo cáo (YYYY-MM)').fill('2027-06');
      await applicant.page.getByLabel('Tỷ lệ hoàn thành (%)').fill('80');
      await money(applicant.page, 'Giá trị đã đầu tư', 500 * M);
    });

    // The officer confirms the reported volume: the first advance is judged by it (TT 36/2013 Điều 23.3.a).
    await open(officer.page);
    await act(officer.page, 'Xác nhận khối lượng thực hiện (báo cáo tiến độ gần nhất)', async () => {
      await officer.page.getByLabel('Kỳ báo cáo tiến độ được xác nhận (YYYY-MM, kỳ gần nhất)').fill('2027-06');
    });

    // The 70 % rule: shown before sending, and the engine refuses more; then a proper advance goes through.
    const finance = await as('finance');
    await open(finance.page);
    await act(
      finance.page,
      'Tạm ứng kinh phí',
      async () => {
        await money(finance.page, 'Số tiền tạm ứng', 250 * M);
        await finance.page.getByText(/vượt mức này/).waitFor();
        await pickDate(finance.page, 'Ngày chi', '28/06/2027');
      },
      /Tạm ứng lần đầu vượt 70 %/,
    );
    await audit(finance.page, 'advance refused', 'tam-ung-vuot-70');
    await money(finance.page, 'Số tiền tạm ứng', 200 * M);
    await finance.page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await finance.page.getByRole('dialog', { name: 'Tạm ứng kinh phí' }).waitFor({ state: 'hidden' });

    const complete = async () =>
      act(applicant.page, 'Báo cáo hoàn thành', async () => {
        await pickDate(applicant.page, 'Ngày hoàn thành', '20/10/2027');
        await fillLine(applicant.page);
        await money(applicant.page, 'Chi phí thực tế', 610 * M);
        await money(applicant.page, 'Giá trị máy móc thiết bị', 595 * M);
      });
    const accept = async (result: 'Đạt' | 'Không đạt') =>
      act(officer.page, 'Nghiệm thu', async () => {
        await choose(officer.page, 'Kết quả', result);
        await fillLine(officer.page);
        await money(officer.page, 'Chi phí được nghiệm thu', 580 * M);
        await money(officer.page, 'Định giá máy móc khi nghiệm thu', 590 * M);
        await officer.page.getByLabel('Số biên bản').fill(result === 'Đạt' ? '31/BB-NT' : '29/BB-NT');
        await pickDate(officer.page, 'Ngày nghiệm thu', '28/10/2027');
      });
    await open(applicant.page);
    await complete();
    await open(officer.page);
    await accept('Không đạt');
    await officer.page.getByText('Nghiệm thu không đạt').first().waitFor();
    await open(applicant.page);
    await complete();
    await open(officer.page);
    await accept('Đạt');
    await officer.page.getByText('Đã nghiệm thu').first().waitFor();

    await open(finance.page);
    await act(finance.page, 'Quyết toán (số phải trả hoặc thu hồi)', async () => {
      await finance.page.getByText('Công thức quyết toán').waitFor();
      await money(finance.page, 'Kinh phí quyết toán', 290 * M);
      await finance.page.getByLabel('Số quyết định').fill('77/QĐ-QT');
      await pickDate(finance.page, 'Ngày quyết toán', '15/12/2027');
    });
    await finance.page.getByText('Đã quyết toán').first().waitFor();

    const auditor = await server.token({ sub: 'kt', role: 'auditor' });
    const history = (await server.request('GET', `/de-an/${id}/history`, { token: auditor })).body.events as {
      type: string;
      actor: { name?: string };
    }[];
    expect(history.map((e) => e.type)).toEqual([
      'DeAnRegistered',
      'CouncilAssigned',
      'RevisionRequested',
      'DeAnRevised',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'AppraisalConcluded',
      'DeAnApproved',
      'ContractSigned',
      'ProgressReported',
      'ProgressConfirmed',
      'AdvancePaid',
      'DeAnCompleted',
      'AcceptanceFailed',
      'DeAnCompleted',
      'AcceptancePassed',
      'DeAnSettled',
    ]);
    expect(new Set(history.map((e) => e.actor.name))).toEqual(
      new Set(
        Object.values(USERS)
          .filter((u) => u.role !== 'auditor' && u !== USERS.cuc)
          .map((u) => u.displayName),
      ),
    );
    for (const who of [applicant, officer, chair, member, expert, approver, finance]) await who.context.close();
  });

  test('a registration done with the keyboard only', async () => {
    const { context, page } = await as('applicant');
    const key = (k: string) => page.keyboard.press(k);
    const type = async (name: string, text: string) => {
      await tabTo(page, name);
      await page.keyboard.type(text);
    };
    const select = async (name: string, text: string) => {
      await type(name, text);
      await key('Enter');
      await key('Escape');
    };
    await tabTo(page, 'Đăng ký đề án');
    await key('Enter');
    await page.getByRole('heading', { name: 'Đăng ký đề án' }).waitFor();
    await select('Lĩnh vực', 'chuyển giao công nghệ');
    await select('Nội dung hoạt động', '3.3');
    await type('Tên đề án', 'Lò sấy gốm dùng khí hoá lỏng');
    await select('Nguồn kinh phí', 'địa phương');
    await select('Cấp quản lý', 'Tỉnh');
    await type('Địa bàn', 'Huyện Tuy Phước');
    await type('Đơn vị thực hiện', 'Trung tâm Khuyến công Bình Định');
    await type('Tên cơ sở thụ hưởng', 'Cơ sở gốm Vân Sơn');
    await select('Loại', 'Hộ kinh doanh');
    await type('Tổng kinh phí', '400000000');
    await type('Kinh phí đề nghị hỗ trợ', '150000000');
    await type('Vốn đối ứng', '250000000');
    await type('Giá trị máy móc thiết bị', '380000000');
    await type('Chỉ tiêu', 'Cơ sở được hỗ trợ máy móc thiết bị');
    await type('Số lượng', '1');
    await type('Đơn vị tính', 'Cơ sở');
    await type('Bắt đầu', '01/04/2027');
    await type('Kết thúc', '30/11/2027');
    await tabTo(page, 'Gửi đăng ký');
    await key('Enter');
    await page.getByRole('tab', { name: 'Hồ sơ' }).waitFor();
    await page.getByRole('heading', { name: 'Lò sấy gốm dùng khí hoá lỏng' }).waitFor();
    await context.close();
  });

  test('a group đề án registered in the browser: two establishments sharing the support, listed on the dossier', async () => {
    const { context, page } = await as('applicant');
    await registerInBrowser(page, 'Máy chế biến gỗ cho hai cơ sở', false, [
      { name: 'HTX Cơ khí An Nhơn', support: 150 * M },
      { name: 'Hộ kinh doanh Trần Văn Bình', support: 150 * M },
    ]);
    await page.getByText('Cơ sở thụ hưởng (đề án nhóm, 2 cơ sở)').waitFor();
    await page.getByText(/Hộ kinh doanh Trần Văn Bình: 150\.000\.000/).waitFor();
    await audit(page, 'group đề án');
    await context.close();
  });

  test('an officer imports history from a file: progress, then each failed record with its line', async () => {
    const { context, page } = await as('officer');
    await page.getByRole('menuitem', { name: 'Nhập lịch sử' }).click();
    const file = [historyPlan, historyRecord('BD-2015-UI'), { externalId: 'BD-2015-HONG', registration: {} }]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Chọn tệp' }).click()]);
    await chooser.setFiles({ name: 'lich-su.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Nhập', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '3/3 hồ sơ' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '3/3 hồ sơ' }).textContent()).toContain('1 lỗi');
    await page.getByRole('cell', { name: 'BD-2015-HONG' }).waitFor();
    await audit(page, 'history import', 'nhap-lich-su');
    await context.close();
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

    await page.getByRole('menuitem', { name: 'Báo cáo', exact: true }).click();
    await page.getByRole('columnheader').first().waitFor();
    // The chart the table declares, named by its figures in words (test/reports.e2e.spec.ts checks them against the cells).
    const chart = page.getByRole('img', { name: /^Biểu đồ .*\(triệu đồng\): .*KCĐP \d/ });
    await chart.waitFor();
    await chart.locator('svg').first().waitFor(); // drawn once ECharts' chunk has loaded
    await audit(page, 'reports', 'bao-cao');
    // the estimate (ước thực hiện) and one level, chosen on the page, reach the table's subtitles
    await choose(page, 'Cơ sở số liệu', 'Ước thực hiện');
    await page.getByText('Cơ sở số liệu: Ước thực hiện').waitFor();
    await choose(page, 'Cấp quản lý', 'Cấp tỉnh');
    await page.getByText('Cấp quản lý: cấp tỉnh').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    expect(String(workbook.worksheets[0]!.getCell('A1').value ?? '')).toMatch(/BÁO CÁO|KINH PHÍ/i);
    await context.close();
  });

  test('the province’s officer submits the quarterly report; the Ministry’s officer sees it beside the quarter missed', async () => {
    const officer = await as('officer');
    let page = officer.page;
    await page.getByRole('menuitem', { name: 'Báo cáo định kỳ' }).click();
    const form = page.getByRole('form', { name: 'Nộp báo cáo định kỳ' });
    await form.waitFor();
    // the quarterly report is the one chosen to start with
    await page.getByRole('combobox', { name: 'Loại báo cáo' }).waitFor();
    await form.getByText('Báo cáo quý').waitFor();
    await page.getByLabel('Kỳ báo cáo').fill(LAST_QUARTER.period);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByText(new RegExp(`Đã nộp báo cáo kỳ ${LAST_QUARTER.period}`)).waitFor();
    await page.getByRole('row', { name: new RegExp(`${LAST_QUARTER.period}.*(Đã nộp đúng hạn|Nộp muộn).*Nguyễn Văn An`) }).waitFor();
    await audit(page, 'periodic reports (province officer)', 'bao-cao-dinh-ky');
    // a second time is refused, and the page says why
    await page.getByLabel('Kỳ báo cáo').fill(LAST_QUARTER.period);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByRole('alert').filter({ hasText: 'Xung đột trạng thái (409)' }).waitFor();
    await officer.context.close();

    const cuc = await as('cuc');
    page = cuc.page;
    await page.getByRole('menuitem', { name: 'Báo cáo định kỳ' }).click();
    // the Ministry's officers receive the reports: no form to submit, every province's rows
    await page
      .getByRole('row', { name: new RegExp(`Bình Định.*Báo cáo quý.*${QUARTER_BEFORE.period}.*Quá hạn, chưa nộp`) })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('row', { name: new RegExp(`Bình Định.*Báo cáo quý.*${LAST_QUARTER.period}`) }).waitFor();
    expect(await page.getByRole('form', { name: 'Nộp báo cáo định kỳ' }).count()).toBe(0);
    await audit(page, 'periodic reports (Ministry officer)');
    await cuc.context.close();
  });

  test('an officer makes a period plan on the plans page; its report gives the period’s targets and funding', async () => {
    const officer = await as('officer');
    const page = officer.page;
    await page.getByRole('menuitem', { name: 'Kế hoạch' }).click();
    await page.getByRole('button', { name: 'Lập kế hoạch giai đoạn' }).click();
    const drawer = page.getByRole('dialog', { name: 'Lập kế hoạch giai đoạn' });
    await drawer.waitFor();
    await drawer.getByLabel('Tên kế hoạch giai đoạn').fill('Kế hoạch khuyến công tỉnh Bình Định giai đoạn 2026 - 2030');
    await choose(page, 'Cấp quản lý', 'Tỉnh');
    await drawer.getByLabel('Từ năm').fill('2026');
    await drawer.getByLabel('Đến năm').fill('2030');
    await drawer.getByLabel('Chỉ tiêu', { exact: true }).fill('Cơ sở được hỗ trợ máy móc thiết bị');
    await drawer.getByLabel('Số lượng').fill('106');
    await drawer.getByLabel('Đơn vị tính').fill('Cơ sở');
    await choose(page, 'Nguồn kinh phí', 'Khuyến công địa phương');
    await drawer.getByLabel('Năm', { exact: true }).fill('2027');
    await drawer.getByLabel('Kinh phí', { exact: true }).fill('5500000000');
    await audit(page, 'period plan form');
    await drawer.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page
      .getByText('Đã lập kế hoạch giai đoạn')
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await drawer.innerText()}`);
      });
    await page.getByRole('row', { name: /Kế hoạch khuyến công tỉnh Bình Định giai đoạn 2026 - 2030.*52.*2026 - 2030/ }).waitFor();
    await audit(page, 'plans with a period plan', 'ke-hoach');

    await page.getByRole('menuitem', { name: 'Báo cáo', exact: true }).click();
    await choose(page, 'Báo cáo', 'Thực hiện so với kế hoạch giai đoạn');
    await page.getByRole('columnheader', { name: 'Mục tiêu giai đoạn 2026 - 2030' }).waitFor();
    await page.getByRole('columnheader', { name: '% so với mục tiêu giai đoạn' }).waitFor();
    await page.getByRole('row', { name: /Khuyến công địa phương.*5\.500/ }).waitFor();

    // unspent money of 2027 carried over to the 2028 plan (NĐ 45/2012 Điều 14.4)
    const setup = await server.token({ sub: 'cb-setup', role: 'officer', province: '52' });
    expectStatus(
      await server.request('POST', '/plans', { token: setup, body: planBody({ year: 2028, allocation: 1_000 * M }) }),
      201,
      'POST /plans 2028',
    );
    await page.getByRole('menuitem', { name: 'Kế hoạch' }).click();
    await page.getByRole('button', { name: 'Chuyển kinh phí năm 2027 sang năm sau' }).click();
    const carry = page.getByRole('dialog', { name: 'Chuyển kinh phí năm 2027 sang năm sau' });
    await carry.getByLabel('Kinh phí chuyển sang năm sau (đồng)').fill('100000000');
    await carry.getByLabel('Số quyết định').fill('77/QĐ-UBND');
    await audit(page, 'carry-over form');
    await carry.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText(/Đã chuyển 100\.000\.000 đ sang kế hoạch năm 2028/).waitFor();
    await officer.context.close();
  });

  test('no screen has a serious or critical accessibility violation (axe)', () => {
    expect(violations).toEqual([]);
  });
});
