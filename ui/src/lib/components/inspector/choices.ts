// Choices of the inspector's select fields, as [value, label] pairs (values as fields.ts reads them).

/** An interface's wanted state: '' leaves it as it is. */
export const UP_CHOICES: [string, string][] = [['', "don't care"], ['up', 'up'], ['down', 'down']];

/** A jail's wanted state. */
export const STATE_CHOICES: [string, string][] = [['running', 'running'], ['stopped', 'stopped']];

/** An ng_ether node's hooks. */
export const ETHER_HOOKS: [string, string][] = [['lower', 'lower (wire side)'], ['upper', 'upper (host stack)']];
