import { ApiError } from '../api/client.js';
import { errorMessageKey } from '../errors.js';

/**
 * Something a page fetches when it opens (a cycle, a proposal), with the message key of what went
 * wrong. Pages render the value, or {@link LoadStatus} while there is none.
 */
export class Resource<T> {
  value: T | undefined = $state();
  error: string | undefined = $state();
  notFound = $state(false);
  loading = $state(true);

  constructor(private readonly fetcher: () => Promise<T>) {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    try {
      this.value = await this.fetcher();
      this.notFound = false;
    } catch (error) {
      this.error = errorMessageKey(error);
      this.notFound = error instanceof ApiError && error.status === 404;
    } finally {
      this.loading = false;
    }
  }
}
