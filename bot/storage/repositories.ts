import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { AgreementRepository } from './agreementRepository.ts';
import { EvaluationRepository } from './evaluationRepository.ts';
import { KlikTaskRepository } from './klikTaskRepository.ts';
import { MeetingRepository } from './meetingRepository.ts';
import { TeamsMeetingRepository } from './teamsMeetingRepository.ts';
import { MeetingQuestionRepository } from './meetingQuestionRepository.ts';
import { SolutionRepository } from './solutionRepository.ts';
import { UserRepository } from './userRepository.ts';
import { InstallationRepository } from './installationRepository.ts';
import { NotificationRepository } from './notificationRepository.ts';
import { RateBudgetRepository } from './rateBudgetRepository.ts';
import { JobRepository } from './jobRepository.ts';
import { ImportRepository } from './importRepository.ts';
import { SurveyRepository } from './surveyRepository.ts';
import { BudgetRepository } from './budgetRepository.ts';
import { RosterRepository } from './rosterRepository.ts';
import { EventRepository } from './eventRepository.ts';

/** One repository per aggregate, over one storage. */
export interface Repositories {
  readonly solutions: SolutionRepository;
  readonly klikTasks: KlikTaskRepository;
  readonly agreements: AgreementRepository;
  readonly meetings: MeetingRepository;
  readonly teamsMeetings: TeamsMeetingRepository;
  readonly meetingQuestions: MeetingQuestionRepository;
  readonly evaluations: EvaluationRepository;
  readonly users: UserRepository;
  readonly installations: InstallationRepository;
  readonly notifications: NotificationRepository;
  readonly rateBudget: RateBudgetRepository;
  readonly jobs: JobRepository;
  readonly imports: ImportRepository;
  readonly surveys: SurveyRepository;
  readonly budget: BudgetRepository;
  readonly roster: RosterRepository;
  readonly events: EventRepository;
}

export function createRepositories(storage: Storage, log: Logger): Repositories {
  return {
    solutions: new SolutionRepository(storage, log),
    klikTasks: new KlikTaskRepository(storage, log),
    agreements: new AgreementRepository(storage, log),
    meetings: new MeetingRepository(storage, log),
    teamsMeetings: new TeamsMeetingRepository(storage, log),
    meetingQuestions: new MeetingQuestionRepository(storage, log),
    evaluations: new EvaluationRepository(storage, log),
    users: new UserRepository(storage, log),
    installations: new InstallationRepository(storage, log),
    notifications: new NotificationRepository(storage, log),
    rateBudget: new RateBudgetRepository(storage, log),
    jobs: new JobRepository(storage, log),
    imports: new ImportRepository(storage, log),
    surveys: new SurveyRepository(storage, log),
    budget: new BudgetRepository(storage, log),
    roster: new RosterRepository(storage, log),
    events: new EventRepository(storage, log),
  };
}
