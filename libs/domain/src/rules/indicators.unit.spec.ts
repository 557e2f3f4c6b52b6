/**
 * The indicator catalogue (docs/DOMAIN.md, "Second pass"): a line with a code names the catalogue's
 * indicator in its words and unit; a line without one is "other", free text.
 */
import { INDICATOR_CATALOGUE, indicatorOf, InvalidCommandError, requireIndicators, versionInForce } from '..';
import { proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const machinery = indicatorOf('3.may-moc', '2025-03-10')!;

describe('indicator catalogue', () => {
  it('is versioned from NĐ 45/2012 (05/7/2012), a labelled policy default, every code unique and under its area', () => {
    const version = versionInForce(INDICATOR_CATALOGUE, '2012-07-05');
    expect(version.policyDefault).toBe(true);
    const codes = version.value.map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const x of version.value) expect(x.code.startsWith(`${x.area}.`)).toBe(true);
    expect(machinery).toMatchObject({ unit: 'Cơ sở', counts: 'establishments' });
  });

  it('a coded line in the catalogue’s words, and a free-text line, are accepted', () => {
    expect(() =>
      requireIndicators(
        [
          { code: '3.may-moc', indicator: machinery.name, unit: machinery.unit, quantity: 1 },
          { indicator: 'Sản phẩm OCOP được hỗ trợ', unit: 'Sản phẩm', quantity: 2 },
        ],
        'expectedResults',
        '2025-03-10',
      ),
    ).not.toThrow();
  });

  it('an unknown code is refused, naming its field', () => {
    expect(() => requireIndicators([{ code: '3.khong-co', indicator: 'x', unit: 'y', quantity: 1 }], 'expectedResults', '2025-03-10')).toThrow(
      expect.objectContaining({ field: 'expectedResults[0].code' }),
    );
  });

  it('a code in other words is refused with the catalogue’s own', () => {
    let caught: unknown;
    try {
      requireIndicators([{ code: '3.may-moc', indicator: 'Cơ sở hỗ trợ máy', unit: 'cơ sở', quantity: 1 }], 'targets', '2025-03-10');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidCommandError);
    expect(caught).toMatchObject({ field: 'targets[0].indicator', reason: `chỉ tiêu mã 3.may-moc là "${machinery.name}" (Cơ sở)` });
  });

  it('a registration’s expected results are judged by the catalogue of its day', () => {
    given([])
      .when(
        sample('RegisterDeAn', proposal({ expectedResults: [{ code: '3.may-moc', indicator: 'Máy', unit: 'Cơ sở', quantity: 1 }] }), {
          now: '2025-03-10T03:00:00Z',
        }),
      )
      .thenThrows(InvalidCommandError, { field: 'expectedResults[0].indicator' });
  });
});
