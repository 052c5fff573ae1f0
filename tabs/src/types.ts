/** The read API's shapes, taken from the server's own types (type-only: nothing of the server is bundled). */
export type { PortfolioOverview, PortfolioRow } from '../../bot/api/portfolio.ts';
export type { MeView, MyProgress, MunicipalityRef } from '../../bot/api/me.ts';
export type { TaskStatusList, MunicipalityTaskRow } from '../../bot/klikTasks/taskStatusList.ts';
export type { SignatureList, MunicipalityName } from '../../bot/agreements/signatureList.ts';
export type { EvaluationResult } from '../../bot/evaluations/resultsView.ts';
export type { MeetingViewData } from '../../bot/api/meetings.ts';
export type { Meeting, AgendaItem } from '../../bot/domain/meeting.ts';
export type { AttendanceSummary } from '../../bot/meetings/attendance.ts';
export type { Solution, Milestone, Phase, SolutionStatus } from '../../bot/domain/solution.ts';
export type { TaskStatus, TaskType, TaskProgress, KlikTask } from '../../bot/domain/klikTask.ts';
export type { SignatureState, SignatureProgress, Agreement } from '../../bot/domain/agreement.ts';

import type { PortfolioOverview } from '../../bot/api/portfolio.ts';
export type TaskRow = PortfolioOverview['tasks'][number];
export type AgreementRow = PortfolioOverview['agreements'][number];
