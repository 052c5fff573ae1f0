import type { Logger } from '../log.ts';
import type { SurveyTemplate } from '../domain/surveyTemplate.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** Survey templates saved by staff (one partition); the built-in evaluation template is not stored. */
export class SurveyTemplateRepository {
  private readonly rows: EntityTable<SurveyTemplate>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.surveyTemplates), log, 'Skabelonen');
  }

  async list(): Promise<SurveyTemplate[]> {
    return (await this.rows.list(PARTITIONS.surveyTemplate)).map((r) => r.value).sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  }
  get(id: string): Promise<Versioned<SurveyTemplate> | undefined> {
    return this.rows.get(PARTITIONS.surveyTemplate, id);
  }
  create(template: SurveyTemplate): Promise<string> {
    return this.rows.insert(PARTITIONS.surveyTemplate, template.id, template);
  }
}
