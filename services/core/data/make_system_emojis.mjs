// Regenerates system_emojis.txt, the names model_emoji_is_system accepts: Mattermost's
// model.SystemEmojis keys are emoji-datasource short names joined with GitHub's gemoji aliases, each
// also with its skin-tone suffixes. Dev-time only; the output is committed.
//   npm pack emoji-datasource@15 gemoji@8, unpack both, then
//   node make_system_emojis.mjs <emoji-datasource>/emoji.json <gemoji>/index.js > system_emojis.txt
import {readFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';

const TONES = {
    '1F3FB': 'light_skin_tone', '1F3FC': 'medium_light_skin_tone', '1F3FD': 'medium_skin_tone',
    '1F3FE': 'medium_dark_skin_tone', '1F3FF': 'dark_skin_tone',
};
// Mattermost's own additions to the two sources.
const EXTRA = ['thank you'];
const EXTRA_ALIASES = {health_worker: ['doctor']};

const strip = (s) => [...s].filter((c) => c !== '\uFE0F').join('');
const fromUnified = (u) => String.fromCodePoint(...u.split('-').map((h) => parseInt(h, 16)));

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const {gemoji} = await import(pathToFileURL(process.argv[3]).href);
const aliases = new Map(gemoji.map((g) => [strip(g.emoji), g.names]));

const names = new Set(EXTRA);
for (const e of data) {
    const base = new Set([...e.short_names, ...(aliases.get(strip(fromUnified(e.unified))) || [])]);
    for (const n of e.short_names) for (const a of EXTRA_ALIASES[n] || []) base.add(a);
    for (const n of base) {
        names.add(n);
        for (const key of Object.keys(e.skin_variations || {}))
            names.add(n + '_' + key.split('-').map((t) => TONES[t]).join('_'));
    }
}
const sorted = [...names].filter((n) => /^[a-zA-Z0-9_+ -]+$/.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
process.stdout.write(sorted.join('\n') + '\n');
