/** The tab formats dates and numbers exactly as the bot's cards do: one module, shared. */
export * from '../../bot/domain/format.ts';
