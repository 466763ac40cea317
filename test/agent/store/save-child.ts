// Child process for the kill test: saves the big design through the store
// over and over, alternating variants, until it is killed. Prints `saving`
// once before the first write so the parent knows it got that far.
import { openStore } from '../../../agent/store/index.js';
import { bigDesign } from './big-design.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: save-child.ts DATA_DIR');
const store = await openStore(dir);
const variants = [bigDesign('a'), bigDesign('b')];
process.stdout.write('saving\n');
for (let i = 1; ; i++) await store.putDesign('big', variants[i % 2]);
