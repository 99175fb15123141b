/** Whether the standard OTEL_TRACES_EXPORTER variable asks for traces (`otlp` or `console`); unset means off. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.OTEL_TRACES_EXPORTER && env.OTEL_TRACES_EXPORTER !== 'none';
}
