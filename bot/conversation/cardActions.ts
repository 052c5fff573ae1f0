import type { Logger } from '../log.ts';
import type { ActionResult, Reply, TurnInfo } from './turn.ts';

/** Answers one Action.Execute verb with the card data (inputs merged in). Must not throw for bad data: answer it. */
export type CardActionHandler = (turn: TurnInfo, data: Record<string, unknown>) => Promise<ActionResult>;

/**
 * Every card action verb the bot answers, registered by the capability that owns it
 * (conversation, KLIK tasks, agreements, evaluations); `bot/teams/` routes invokes here.
 */
export class CardActions {
  private readonly handlers = new Map<string, CardActionHandler>();
  /** Clicks on verbs no capability answers, per verb: an old card or a forged one; logged and counted, never silent. */
  private readonly unknown = new Map<string, number>();

  constructor(private readonly log: Logger) {}

  register(verb: string, handler: CardActionHandler): void {
    if (this.handlers.has(verb)) throw new Error(`card action verb ${verb} is registered twice`);
    this.handlers.set(verb, handler);
  }

  has(verb: string): boolean {
    return this.handlers.has(verb);
  }

  get verbs(): string[] {
    return [...this.handlers.keys()];
  }

  /** Logs and counts a click on a verb no capability answers (the caller answers the clicker). */
  noteUnknown(verb: string, correlationId?: string): void {
    const key = verb.slice(0, 60);
    this.unknown.set(key, (this.unknown.get(key) ?? 0) + 1);
    this.log.warn({ verb: key, correlationId }, 'card action of an unknown verb');
  }

  /** How often each unknown verb was clicked since start (for health and tests). */
  unknownVerbs(): ReadonlyMap<string, number> {
    return this.unknown;
  }

  /** Runs the verb's handler; an unknown verb is answered, logged and counted, not thrown. */
  dispatch(turn: TurnInfo, verb: string, data: Record<string, unknown>): Promise<ActionResult> {
    const handler = this.handlers.get(verb);
    if (!handler) {
      this.noteUnknown(verb, turn.correlationId);
      return Promise.resolve({ kind: 'message', text: 'Den handling kender jeg ikke. Kortet er måske forældet – skriv "hjælp".' });
    }
    return handler(turn, data);
  }
}

/** A chat command contributed by another capability (e.g. "evaluering start", "stop påmindelser"). */
export interface ChatCommand {
  /** The phrases that start the command, folded (lower case, æ→ae, ø→oe, å→aa), e.g. `['evaluering start', 'evaluation start']`. Tried before the built-in commands. */
  readonly phrases: readonly string[];
  /** A personal setting: typed in a channel or group chat it is pointed to the 1:1 chat, not run in front of everybody. */
  readonly personal?: boolean;
  /** Runs the command with the rest of the line, as typed. */
  run(turn: TurnInfo, args: string): Promise<Reply[]>;
}
