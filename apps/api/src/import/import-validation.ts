/**
 * The HTTP API's own body validation for imported acts: every registration, plan and step body goes
 * through the global validation pipe with the DTO of its route, so an import accepts exactly what the
 * live endpoints accept and names the faults with the same messages. Shared by the HTTP import route
 * and the CLI.
 */
import { ClassConstructor } from 'class-transformer';
import { ImportBodyKind, ImportBodyValidator } from '@app/application';
import {
  AcceptanceDto, AdjustmentDecisionDto, AdjustmentDto, AdvanceDto, AppraisalDto, ApprovalDto, AssignCouncilDto, CompletionDto, ContractDto,
  DecisionDto, InspectionDto, ProgressDto, ReasonDto, RegisterDeAnDto, RevisionDto, RevisionRequestDto, SettlementDto, StopDto, SubmitReviewDto,
} from '../de-an/de-an.dto';
import { ProblemException } from '../http/problem';
import { validationPipe } from '../http/validation';
import { CreatePlanDto } from '../plans/plans.controller';

const DTO_OF: Readonly<Record<ImportBodyKind, ClassConstructor<object>>> = {
  registration: RegisterDeAnDto,
  plan: CreatePlanDto,
  council: AssignCouncilDto,
  reviews: SubmitReviewDto,
  'revision-request': RevisionRequestDto,
  revision: RevisionDto,
  appraisal: AppraisalDto,
  approval: ApprovalDto,
  rejection: ReasonDto,
  contract: ContractDto,
  advances: AdvanceDto,
  progress: ProgressDto,
  adjustments: AdjustmentDto,
  'adjustment-decision': AdjustmentDecisionDto,
  inspections: InspectionDto,
  suspension: DecisionDto,
  resumption: DecisionDto,
  stop: StopDto,
  withdrawal: ReasonDto,
  completion: CompletionDto,
  acceptance: AcceptanceDto,
  settlement: SettlementDto,
};

const pipe = validationPipe();

export const validateImportBody: ImportBodyValidator = async (kind, body) => {
  try {
    await pipe.transform(body, { type: 'body', metatype: DTO_OF[kind], data: '' });
    return [];
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return error.problem.errors ?? [{ field: '', message: error.problem.detail ?? error.problem.title }];
  }
};
