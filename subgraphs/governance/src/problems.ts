import { badUserInputs, type InputProblem } from '@civicgraph/errors';

/** Collects every problem with a mutation's input, then throws them together, or nothing. */
export class Problems {
  readonly list: InputProblem[] = [];
  add(argument: string, reason: string): void {
    this.list.push({ argument, reason });
  }
  addAll(problems: InputProblem[]): void {
    this.list.push(...problems);
  }
  text(argument: string, value: string | null | undefined, max: number): void {
    if (value === undefined || value === null) return;
    if (!value.trim()) this.add(argument, 'must not be empty');
    else if ([...value].length > max) this.add(argument, `must be at most ${max} characters`);
  }
  throwIfAny(): void {
    if (this.list.length) throw badUserInputs(this.list);
  }
}
