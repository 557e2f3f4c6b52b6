/**
 * The đề án lifecycle of docs/DOMAIN.md, one specification per transition:
 * Registered → UnderAppraisal ⇄ RevisionRequested → Appraised → Approved → InImplementation
 * → Completed → Accepted → Settled, with the side exits.
 */
import { IllegalTransitionError, InvalidCommandError, NotPermittedError, trieu } from '..';
import { actors, APPROVED_SUPPORT, COUNCIL, DE_AN_ID, ev, HISTORY, ORG, PLAN_ID, PROPOSAL, sample, SAMPLE_DATA } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

describe('đề án lifecycle', () => {
  describe('RegisterDeAn (đăng ký)', () => {
    it('registers a đề án of the applicant’s own organisation, recording the Vietnamese day', () => {
      const state = given([])
        .when(sample('RegisterDeAn'))
        .then([{ type: 'DeAnRegistered', data: { ...PROPOSAL, deAnId: DE_AN_ID, organisation: ORG, registeredOn: '2025-03-10' } }]);
      expect(state.status).toBe('Registered');
    });

    it('lets an officer register on behalf of an organisation', () => {
      given([])
        .when(sample('RegisterDeAn', {}, { actor: actors.officer }))
        .thenMatches([{ type: 'DeAnRegistered', data: { organisation: ORG } }]);
    });

    it('refuses an applicant registering for another organisation', () => {
      given([])
        .when(sample('RegisterDeAn', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });

    it('cannot register the same đề án twice', () => {
      given(HISTORY.Registered).when(sample('RegisterDeAn')).thenThrows(IllegalTransitionError, { command: 'RegisterDeAn', status: 'Registered' });
    });
  });

  describe('AssignCouncil (thành lập hội đồng thẩm định)', () => {
    it('assigns the council and opens the appraisal', () => {
      const state = given(HISTORY.Registered)
        .when(sample('AssignCouncil'))
        .then([{ type: 'CouncilAssigned', data: COUNCIL }]);
      expect(state.status).toBe('UnderAppraisal');
    });
  });

  describe('SubmitReview (phiếu thẩm định)', () => {
    it('records a council member’s review', () => {
      const state = given(HISTORY.UnderAppraisal)
        .when(sample('SubmitReview'))
        .then([
          {
            type: 'ReviewSubmitted',
            data: { reviewer: actors.member3.sub, score: 82, recommendation: 'approve', comments: 'Đề án khả thi', conflictOfInterest: false },
          },
        ]);
      expect(state.status === 'UnderAppraisal' && state.dossier.reviews).toHaveLength(3);
    });

    it('records a conflict-of-interest review, which does not count toward the quorum', () => {
      const history = [...HISTORY.Forwarded, ev.councilAssigned(), ev.reviewSubmitted(actors.chair.sub, 90)];
      // the second review is conflicted: it is recorded …
      const afterConflicted = given(history)
        .when(sample('SubmitReview', { conflictOfInterest: true }, { actor: actors.member2 }))
        .thenMatches([{ type: 'ReviewSubmitted', data: { reviewer: actors.member2.sub, conflictOfInterest: true } }]);
      expect(afterConflicted.status).toBe('UnderAppraisal');
      // … but 1 valid review of 3 members is no quorum
      given([...history, ev.reviewSubmitted(actors.member2.sub, 40, true)])
        .when(sample('ConcludeAppraisal'))
        .thenViolates('appraisal-quorum', { validReviews: 1, members: 3 });
      // with a second valid review the conclusion counts 2 valid reviews and averages only them
      given([...history, ev.reviewSubmitted(actors.member2.sub, 40, true), ev.reviewSubmitted(actors.member3.sub, 75)])
        .when(sample('ConcludeAppraisal'))
        .thenMatches([{ type: 'AppraisalConcluded', data: { validReviews: 2, averageScore: 82.5 } }]);
    });

    it('refuses a review from someone not on the council', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('SubmitReview', {}, { actor: actors.outsider }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('RequestRevision (yêu cầu bổ sung, hoàn thiện)', () => {
    const expected = [{ type: 'RevisionRequested' as const, data: SAMPLE_DATA.RequestRevision }];

    it('may be requested by an officer of the round’s level (the Cục’s in the Ministry’s round), not the other’s', () => {
      const state = given(HISTORY.UnderAppraisal)
        .when(sample('RequestRevision', {}, { actor: actors.cuc }))
        .then(expected);
      expect(state.status).toBe('RevisionRequested');
      given(HISTORY.UnderAppraisal)
        .when(sample('RequestRevision', {}, { actor: actors.officer }))
        .thenThrows(NotPermittedError);
    });

    it('may be requested by the council chair', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('RequestRevision', {}, { actor: actors.chair }))
        .then(expected);
    });

    it('may not be requested by a council member who is not the chair', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('RequestRevision', {}, { actor: actors.member2 }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('ReviseDeAn (hoàn thiện hồ sơ)', () => {
    it('applies the revision, opens a new appraisal round and clears the reviews', () => {
      const state = given(HISTORY.RevisionRequested)
        .when(sample('ReviseDeAn'))
        .then([{ type: 'DeAnRevised', data: { changes: { locality: 'Lục Ngạn' }, note: 'Đã bổ sung báo giá', round: 1 } }]);
      expect(state.status).toBe('UnderAppraisal');
      if (state.status !== 'UnderAppraisal') return;
      expect(state.dossier.proposal.locality).toBe('Lục Ngạn');
      expect(state.dossier.reviews).toEqual([]);
      expect(state.dossier.revisionRounds).toBe(1);
    });

    it('may only be done by the owning organisation', () => {
      given(HISTORY.RevisionRequested)
        .when(sample('ReviseDeAn', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('ConcludeAppraisal (kết luận thẩm định)', () => {
    it('passed → AppraisalConcluded, the đề án is Appraised', () => {
      const state = given(HISTORY.UnderAppraisal)
        .when(sample('ConcludeAppraisal'))
        .then([
          {
            type: 'AppraisalConcluded',
            data: {
              result: 'passed',
              recommendedSupport: trieu(280),
              machineryValuation: trieu(790),
              minutesNo: 'BB-TĐ-01',
              validReviews: 2,
              averageScore: 80,
            },
          },
        ]);
      expect(state.status).toBe('Appraised');
    });

    it('failed → AppraisalConcluded and DeAnRejected, the đề án is Rejected', () => {
      const state = given(HISTORY.UnderAppraisal)
        .when(sample('ConcludeAppraisal', { result: 'failed', recommendedSupport: 0 }))
        .then([
          {
            type: 'AppraisalConcluded',
            data: {
              result: 'failed',
              recommendedSupport: 0,
              machineryValuation: trieu(790),
              minutesNo: 'BB-TĐ-01',
              validReviews: 2,
              averageScore: 80,
            },
          },
          { type: 'DeAnRejected', data: { reason: 'Không đạt thẩm định (biên bản BB-TĐ-01)', stage: 'appraisal' } },
        ]);
      expect(state.status).toBe('Rejected');
    });

    it('may be concluded by an officer but not by a council member who is not the chair', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('ConcludeAppraisal', {}, { actor: actors.cuc }))
        .thenMatches([{ type: 'AppraisalConcluded' }]);
      given(HISTORY.UnderAppraisal)
        .when(sample('ConcludeAppraisal', {}, { actor: actors.member3 }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('ApproveDeAn (phê duyệt)', () => {
    it('approves the support within the cap and records the cap that was applied', () => {
      const state = given(HISTORY.Appraised)
        .when(sample('ApproveDeAn'))
        .then([
          {
            type: 'DeAnApproved',
            data: {
              decisionNo: '123/QĐ-BCT',
              decisionDate: '2025-09-15',
              approvedSupport: APPROVED_SUPPORT,
              planId: PLAN_ID,
              capLimit: trieu(300),
              capRule: 'support-cap',
            },
          },
        ]);
      expect(state.status).toBe('Approved');
      expect(state.status === 'Approved' && state.dossier.approvedSupport).toBe(APPROVED_SUPPORT);
    });
  });

  describe('RejectDeAn (không phê duyệt)', () => {
    it('rejects during appraisal', () => {
      const state = given(HISTORY.UnderAppraisal)
        .when(sample('RejectDeAn'))
        .then([{ type: 'DeAnRejected', data: { reason: 'Không phù hợp định hướng', stage: 'appraisal' } }]);
      expect(state.status).toBe('Rejected');
    });

    it('rejects an appraised đề án at approval', () => {
      const state = given(HISTORY.Appraised)
        .when(sample('RejectDeAn'))
        .then([{ type: 'DeAnRejected', data: { reason: 'Không phù hợp định hướng', stage: 'approval' } }]);
      expect(state.status).toBe('Rejected');
    });
  });

  describe('SignContract (ký hợp đồng)', () => {
    it('signs the contract and starts the implementation', () => {
      const state = given(HISTORY.Approved)
        .when(sample('SignContract'))
        .then([{ type: 'ContractSigned', data: SAMPLE_DATA.SignContract }]);
      expect(state.status).toBe('InImplementation');
      expect(state.status === 'InImplementation' && state.dossier.contract.endDate).toBe('2026-09-30');
    });

    it('violates contract-after-approval when signed before the approval decision', () => {
      given(HISTORY.Approved)
        .when(sample('SignContract', { signedDate: '2025-09-14' }))
        .thenViolates('contract-after-approval');
    });
  });

  describe('PayAdvance (tạm ứng)', () => {
    it('pays an advance and keeps the running total', () => {
      const state = given(HISTORY.InImplementation)
        .when(sample('PayAdvance'))
        .then([{ type: 'AdvancePaid', data: { amount: trieu(100), paidDate: '2026-03-05', totalAdvanced: trieu(100) } }]);
      expect(state.status === 'InImplementation' && state.dossier.advancesPaid).toBe(trieu(100));
      given([...HISTORY.InImplementation, ev.advancePaid(trieu(100))])
        .when(sample('PayAdvance', { amount: trieu(75) }))
        .then([{ type: 'AdvancePaid', data: { amount: trieu(75), paidDate: '2026-03-05', totalAdvanced: trieu(175) } }]);
    });
  });

  describe('ReportProgress (báo cáo tiến độ)', () => {
    it('records the monthly progress report of the owner', () => {
      const state = given(HISTORY.InImplementation)
        .when(sample('ReportProgress'))
        .then([{ type: 'ProgressReported', data: SAMPLE_DATA.ReportProgress }]);
      expect(state.status === 'InImplementation' && state.dossier.lastProgressPercent).toBe(85);
    });

    it('refuses a report from another organisation', () => {
      given(HISTORY.InImplementation)
        .when(sample('ReportProgress', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('RequestAdjustment / DecideAdjustment (điều chỉnh)', () => {
    const extension = ev.adjustmentRequested('adj-ext', 'extend-next-year', { endDate: '2027-03-31' });

    it('an extension into the next year is a Minister-level request', () => {
      given(HISTORY.InImplementation)
        .when(
          sample('RequestAdjustment', {
            adjustmentId: 'adj-ext',
            kind: 'extend-next-year',
            proposed: { endDate: '2027-03-31' },
            reason: 'Thiết bị nhập khẩu về chậm',
          }),
        )
        .then([
          {
            type: 'AdjustmentRequested',
            data: {
              adjustmentId: 'adj-ext',
              kind: 'extend-next-year',
              authority: 'minister',
              proposed: { endDate: '2027-03-31' },
              reason: 'Thiết bị nhập khẩu về chậm',
            },
          },
        ]);
    });

    it('a change of location is a Cục-level request', () => {
      given(HISTORY.Approved)
        .when(sample('RequestAdjustment', { adjustmentId: 'adj-loc', kind: 'change-location', proposed: { changes: { locality: 'Yên Thế' } } }))
        .thenMatches([{ type: 'AdjustmentRequested', data: { kind: 'change-location', authority: 'department' } }]);
    });

    it('an approved extension moves the contract end date', () => {
      const state = given([...HISTORY.InImplementation, extension])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-ext', approved: true }))
        .then([
          {
            type: 'AdjustmentApproved',
            data: {
              adjustmentId: 'adj-ext',
              kind: 'extend-next-year',
              decisionNo: '45/QĐ-KCT',
              approvedSupport: APPROVED_SUPPORT,
              previousApprovedSupport: APPROVED_SUPPORT,
              endDate: '2027-03-31',
            },
          },
        ]);
      expect(state.status).toBe('InImplementation');
      if (state.status !== 'InImplementation') return;
      expect(state.dossier.contract.endDate).toBe('2027-03-31');
      expect(state.dossier.pendingAdjustments).toEqual({});
    });

    it('a rejected extension leaves the contract as it was', () => {
      const state = given([...HISTORY.InImplementation, extension])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-ext', approved: false }))
        .then([{ type: 'AdjustmentRejected', data: { adjustmentId: 'adj-ext', decisionNo: '45/QĐ-KCT' } }]);
      if (state.status !== 'InImplementation') throw new Error(state.status);
      expect(state.dossier.contract.endDate).toBe('2026-09-30');
      expect(state.dossier.pendingAdjustments).toEqual({});
    });

    it('an approved increase raises the approved support (Minister level, within requested and cap)', () => {
      given(HISTORY.InImplementation)
        .when(sample('RequestAdjustment', { adjustmentId: 'adj-inc', kind: 'increase-support', proposed: { approvedSupport: trieu(280) } }))
        .thenMatches([{ type: 'AdjustmentRequested', data: { kind: 'increase-support', authority: 'minister' } }]);
      const state = given([...HISTORY.InImplementation, ev.adjustmentRequested('adj-inc', 'increase-support', { approvedSupport: trieu(280) })])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-inc' }))
        .then([
          {
            type: 'AdjustmentApproved',
            data: {
              adjustmentId: 'adj-inc',
              kind: 'increase-support',
              decisionNo: '45/QĐ-KCT',
              approvedSupport: trieu(280),
              previousApprovedSupport: APPROVED_SUPPORT,
            },
          },
        ]);
      expect(state.status === 'InImplementation' && state.dossier.approvedSupport).toBe(trieu(280));
    });

    it('an approved reduction lowers the approved support (Cục level)', () => {
      given(HISTORY.Approved)
        .when(sample('RequestAdjustment', { adjustmentId: 'adj-red', kind: 'reduce-support', proposed: { approvedSupport: trieu(200) } }))
        .thenMatches([{ type: 'AdjustmentRequested', data: { kind: 'reduce-support', authority: 'department' } }]);
      const state = given([...HISTORY.Approved, ev.adjustmentRequested('adj-red', 'reduce-support', { approvedSupport: trieu(200) })])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-red' }))
        .thenMatches([{ type: 'AdjustmentApproved', data: { approvedSupport: trieu(200), previousApprovedSupport: APPROVED_SUPPORT } }]);
      expect(state.status === 'Approved' && state.dossier.approvedSupport).toBe(trieu(200));
    });

    it('an increase request must actually increase', () => {
      given(HISTORY.InImplementation)
        .when(sample('RequestAdjustment', { adjustmentId: 'adj-x', kind: 'increase-support', proposed: { approvedSupport: APPROVED_SUPPORT } }))
        .thenThrows(InvalidCommandError, { field: 'proposed.approvedSupport' });
    });

    it('adjustments are requested by the owner only', () => {
      given(HISTORY.InImplementation)
        .when(sample('RequestAdjustment', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('RecordInspection (kiểm tra, giám sát)', () => {
    it('records an inspection during implementation and while suspended', () => {
      const state = given(HISTORY.InImplementation)
        .when(sample('RecordInspection'))
        .then([{ type: 'InspectionRecorded', data: SAMPLE_DATA.RecordInspection }]);
      expect(state.status === 'InImplementation' && state.dossier.inspections).toBe(1);
      given(HISTORY.Suspended)
        .when(sample('RecordInspection', { result: 'violation', findings: 'Sử dụng sai mục đích' }))
        .thenMatches([{ type: 'InspectionRecorded', data: { result: 'violation' } }]);
    });
  });

  describe('SuspendDeAn / ResumeDeAn (tạm dừng / tiếp tục)', () => {
    it('suspends an implementation', () => {
      const state = given(HISTORY.InImplementation)
        .when(sample('SuspendDeAn'))
        .then([{ type: 'DeAnSuspended', data: SAMPLE_DATA.SuspendDeAn }]);
      expect(state.status).toBe('Suspended');
    });

    it('resumes a suspended implementation', () => {
      const state = given(HISTORY.Suspended)
        .when(sample('ResumeDeAn'))
        .then([{ type: 'DeAnResumed', data: SAMPLE_DATA.ResumeDeAn }]);
      expect(state.status).toBe('InImplementation');
    });
  });

  describe('StopDeAn (dừng thực hiện)', () => {
    it('stops an implementation, recovers up to the advances paid and releases the approved support', () => {
      const state = given([...HISTORY.InImplementation, ev.advancePaid(trieu(100))])
        .when(sample('StopDeAn', { recoverAmount: trieu(100) }))
        .then([
          {
            type: 'DeAnStopped',
            data: { reason: 'Không thể tiếp tục', decisionNo: '52/QĐ-BCT', recoverAmount: trieu(100), releasedSupport: APPROVED_SUPPORT },
          },
        ]);
      expect(state.status).toBe('Stopped');
      expect(state.status === 'Stopped' && state.dossier.recoverAmount).toBe(trieu(100));
    });

    it('stops an approved đề án before its contract, and a suspended one', () => {
      given(HISTORY.Approved)
        .when(sample('StopDeAn'))
        .thenMatches([{ type: 'DeAnStopped', data: { recoverAmount: 0, releasedSupport: APPROVED_SUPPORT } }]);
      given(HISTORY.Suspended)
        .when(sample('StopDeAn'))
        .thenMatches([{ type: 'DeAnStopped' }]);
    });

    it('stops after a failed acceptance', () => {
      given(HISTORY.AcceptanceFailed)
        .when(sample('StopDeAn', { recoverAmount: trieu(50) }))
        .thenMatches([{ type: 'DeAnStopped', data: { recoverAmount: trieu(50) } }]);
    });
  });

  describe('WithdrawDeAn (rút đề án)', () => {
    it('the applicant withdraws before approval: nothing to release', () => {
      const state = given(HISTORY.Registered)
        .when(sample('WithdrawDeAn'))
        .then([{ type: 'DeAnWithdrawn', data: { reason: 'Đơn vị không còn nhu cầu', releasedSupport: 0 } }]);
      expect(state.status).toBe('Withdrawn');
    });

    it('the applicant withdraws an approved đề án before the contract: its support is released', () => {
      given(HISTORY.Approved)
        .when(sample('WithdrawDeAn'))
        .then([{ type: 'DeAnWithdrawn', data: { reason: 'Đơn vị không còn nhu cầu', releasedSupport: APPROVED_SUPPORT } }]);
    });

    it('another organisation may not withdraw it', () => {
      given(HISTORY.Appraised)
        .when(sample('WithdrawDeAn', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('CompleteDeAn (hoàn thành)', () => {
    it('completes an implementation', () => {
      const state = given(HISTORY.InImplementation)
        .when(sample('CompleteDeAn'))
        .then([{ type: 'DeAnCompleted', data: SAMPLE_DATA.CompleteDeAn }]);
      expect(state.status).toBe('Completed');
    });

    it('re-completes after a failed acceptance, awaiting a new acceptance', () => {
      const state = given(HISTORY.AcceptanceFailed)
        .when(sample('CompleteDeAn', { completedDate: '2026-11-20', actualCost: trieu(980) }))
        .thenMatches([{ type: 'DeAnCompleted', data: { completedDate: '2026-11-20', actualCost: trieu(980) } }]);
      expect(state.status).toBe('Completed');
      if (state.status !== 'Completed') return;
      expect(state.dossier.completion.actualCost).toBe(trieu(980));
      expect('acceptance' in state.dossier).toBe(false);
    });

    it('only the owner reports completion', () => {
      given(HISTORY.InImplementation)
        .when(sample('CompleteDeAn', {}, { actor: actors.otherApplicant }))
        .thenThrows(NotPermittedError);
    });
  });

  describe('RecordAcceptance (nghiệm thu)', () => {
    it('passed → Accepted', () => {
      const state = given(HISTORY.BaseAccepted)
        .when(sample('RecordAcceptance', {}, { actor: actors.cuc }))
        .then([
          {
            type: 'AcceptancePassed',
            data: {
              acceptedResults: SAMPLE_DATA.RecordAcceptance.acceptedResults,
              acceptedCost: trieu(900),
              machineryValuation: trieu(770),
              minutesNo: 'BB-NT-01',
              date: '2026-10-10',
            },
          },
        ]);
      expect(state.status).toBe('Accepted');
    });

    it('failed → AcceptanceFailed', () => {
      const state = given(HISTORY.Completed)
        .when(sample('RecordAcceptance', { result: 'failed' }))
        .thenMatches([{ type: 'AcceptanceFailed', data: { acceptedCost: trieu(900) } }]);
      expect(state.status).toBe('AcceptanceFailed');
    });
  });

  describe('SettleDeAn (quyết toán)', () => {
    it('payable: settled support above the advances is paid out', () => {
      // ceiling = min(approved 250, accepted 900 × 50 %, cap 300) = 250; advances 100
      const state = given(HISTORY.Accepted)
        .when(sample('SettleDeAn'))
        .then([
          {
            type: 'DeAnSettled',
            data: {
              settledSupport: trieu(240),
              ceiling: trieu(250),
              advancesPaid: trieu(100),
              payable: trieu(140),
              recoverable: 0,
              decisionNo: '99/QĐ-KCT',
              date: '2026-10-25',
            },
          },
        ]);
      expect(state.status).toBe('Settled');
      if (state.status !== 'Settled') return;
      expect(state.dossier.settlement).toEqual({
        settledSupport: trieu(240),
        payable: trieu(140),
        recoverable: 0,
        decisionNo: '99/QĐ-KCT',
        date: '2026-10-25',
      });
    });

    it('recoverable: settled support below the advances paid is recovered', () => {
      // advances 175 (70 % of 250); accepted cost 300 × 50 % = 150 is the ceiling
      const history = [...HISTORY.InImplementation, ev.advancePaid(trieu(175)), ev.completed(trieu(320)), ev.acceptance('passed', trieu(300))];
      given(history)
        .when(sample('SettleDeAn', { settledSupport: trieu(150) }))
        .then([
          {
            type: 'DeAnSettled',
            data: {
              settledSupport: trieu(150),
              ceiling: trieu(150),
              advancesPaid: trieu(175),
              payable: 0,
              recoverable: trieu(25),
              decisionNo: '99/QĐ-KCT',
              date: '2026-10-25',
            },
          },
        ]);
    });
  });

  describe('terminal states', () => {
    it.each(['Settled', 'Rejected', 'Withdrawn', 'Stopped'] as const)('%s accepts no further command', (status) => {
      given(HISTORY[status]).when(sample('WithdrawDeAn')).thenThrows(IllegalTransitionError, { status });
      given(HISTORY[status]).when(sample('StopDeAn')).thenThrows(IllegalTransitionError, { status });
    });
  });
});
