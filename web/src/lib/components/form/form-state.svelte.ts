import { tick } from 'svelte';
import { errorDetail, placeError, type ErrorDetail } from '../../errors.js';
import { collectProblems, type Check } from '../../validation.js';
import { focusFirstInvalid } from './field.js';

type Translate = (key: string) => string;

/**
 * What every form here does the same way: check fields before sending, send once at a time, tie a
 * refused request to the field it concerns (or show it for the whole form), and put the keyboard on
 * the first field with a problem. Problems are kept as message keys so a language switch re-renders them.
 */
export class FormState<F extends string> {
  problems: Partial<Record<F, string>> = $state({});
  alert: string | undefined = $state();
  /** The server's own explanation of the last refusal, for the codes that carry one. */
  detail: ErrorDetail | undefined = $state();
  busy = $state(false);
  element: HTMLFormElement | undefined = $state();

  /**
   * Error codes the server may answer with, mapped to the field they concern; `locate` can name the
   * field from the error itself where one code covers several fields (an inconsistent rule).
   */
  constructor(
    private readonly errorFields: Partial<Record<string, F>> = {},
    private readonly locate?: (error: unknown) => F | undefined,
  ) {}

  message(field: F, translate: Translate): string | undefined {
    const key = this.problems[field];
    return key === undefined ? undefined : translate(key);
  }

  alertMessage(translate: Translate): string | undefined {
    return this.alert === undefined ? undefined : translate(this.alert);
  }

  reset(): void {
    this.problems = {};
    this.alert = undefined;
    this.detail = undefined;
  }

  /** Returns whether `action` ran and succeeded. */
  async submit(checks: [F, Check][], action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.reset();
    this.problems = collectProblems(checks);
    if (Object.keys(this.problems).length > 0) {
      await this.focusProblem();
      return false;
    }
    this.busy = true;
    try {
      await action();
      return true;
    } catch (error) {
      const placed = placeError(error, this.errorFields);
      const field = this.locate?.(error) ?? placed.field;
      this.detail = errorDetail(error);
      if (field === undefined) {
        this.alert = placed.key;
      } else {
        this.problems = { [field]: placed.key } as Partial<Record<F, string>>;
        await this.focusProblem();
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async focusProblem(): Promise<void> {
    await tick();
    focusFirstInvalid(this.element);
  }
}
