import type { Language } from '../domain/language.ts';
import { COMMAND_WORDS, type CommandName } from '../conversation/commands.ts';

/** What each command does, as help and welcome cards list it. */
export const COMMAND_HELP: Record<Language, [CommandName, string, string][]> = {
  da: [
    ['tasks', 'opgaver [løsning]', 'Åbne KLIK-opgaver efter frist, med din kommunes status'],
    ['deadlines', 'frister', 'Frister for opgaver og aftaler de næste 30 dage'],
    ['agreements', 'aftaler', 'Aftaler der venter på underskrift, og om din kommune mangler'],
    ['portfolio', 'portefølje', 'Overblik over KOMBITs løsninger'],
    ['municipality', 'kommune [navn]', 'Vælg din kommune, fx "kommune Lyngby-Taarbæk"'],
    ['follow', 'følg [løsning]', 'Få besked i 1:1-chat om en løsning'],
    ['unfollow', 'stop [løsning]', 'Stop med at følge en løsning'],
    ['following', 'følger', 'Se hvilke løsninger du følger'],
    ['language', 'sprog en', 'Skift til engelsk (sprog da for dansk)'],
    ['help', 'hjælp', 'Denne oversigt'],
  ],
  en: [
    ['tasks', 'tasks [solution]', 'Open KLIK tasks by deadline, with your municipality\'s status'],
    ['deadlines', 'deadlines', 'Task and agreement deadlines in the next 30 days'],
    ['agreements', 'agreements', 'Agreements awaiting signature, and whether your municipality is missing'],
    ['portfolio', 'portfolio', 'Overview of KOMBIT\'s solutions'],
    ['municipality', 'municipality [name]', 'Choose your municipality, e.g. "municipality Aarhus"'],
    ['follow', 'follow [solution]', 'Get 1:1 notifications about a solution'],
    ['unfollow', 'unfollow [solution]', 'Stop following a solution'],
    ['following', 'following', 'See which solutions you follow'],
    ['language', 'language da', 'Switch to Danish (language en for English)'],
    ['help', 'help', 'This overview'],
  ],
};

/** The command word in the person's language, for suggestions. */
export function commandWord(name: CommandName, lang: Language): string {
  return COMMAND_WORDS[name][lang];
}

/** Picks the Danish or English text. */
export function t(lang: Language, da: string, en: string): string {
  return lang === 'en' ? en : da;
}
