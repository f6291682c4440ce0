import { defineErrors } from '../../errors.js';

export const MetricsErrors = defineErrors({
  unauthorized: {
    code: 'metrics.unauthorized',
    status: 401,
    message: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".',
  },
  disabled: {
    code: 'metrics.disabled',
    status: 404,
    message: 'Metrics are off: set METRICS_TOKEN to turn them on.',
  },
});
