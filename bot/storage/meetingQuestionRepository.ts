import type { Logger } from '../log.ts';
import type { MeetingQuestion } from '../domain/meetingQuestion.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';

const PARTITION = 'question';

/** Questions and ideas from program leaders for the meetings. */
export class MeetingQuestionRepository {
  private readonly rows: EntityTable<MeetingQuestion>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.meetingQuestions), log, 'Spørgsmålet');
  }

  /** Newest first. */
  async list(): Promise<MeetingQuestion[]> {
    return (await this.rows.list(PARTITION)).map((r) => r.value).sort((a, b) => b.askedAt.localeCompare(a.askedAt));
  }
  get(id: string): Promise<Versioned<MeetingQuestion> | undefined> {
    return this.rows.get(PARTITION, id);
  }
  create(question: MeetingQuestion): Promise<string> {
    return this.rows.insert(PARTITION, question.id, question);
  }
  replace(question: MeetingQuestion, etag: string): Promise<string> {
    return this.rows.replace(PARTITION, question.id, question, etag);
  }
}
