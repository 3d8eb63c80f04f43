import OpenAI from 'openai';

/** Where the model is and how long to wait for it; from `modelSettingsFrom(process.env)`. */
export interface ModelSettings {
  apiKey: string;
  /** An OpenAI-compatible server (vLLM, Ollama, llama.cpp's server); default OpenAI's. */
  baseURL?: string;
  model: string;
  /** How long one request may take, in ms. */
  timeoutMs: number;
  /** Retries of a request refused with 408 / 409 / 429 / 5xx, or cut off (backoff, `Retry-After`). */
  maxRetries: number;
}

/** The default model when `PLAINFLOW_LLM_MODEL` is not set. */
export const DEFAULT_MODEL = 'gpt-4.1-mini';

/** The model's settings from the environment, or undefined when no key is configured (offline). */
export function modelSettingsFrom(env: NodeJS.ProcessEnv): ModelSettings | undefined {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return undefined;
  const number = (value: string | undefined, fallback: number) => {
    const parsed = Number(value);
    return value !== undefined && Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
  };
  return {
    apiKey,
    ...(env.OPENAI_BASE_URL?.trim() ? { baseURL: env.OPENAI_BASE_URL.trim() } : {}),
    model: env.PLAINFLOW_LLM_MODEL?.trim() || DEFAULT_MODEL,
    timeoutMs: number(env.PLAINFLOW_LLM_TIMEOUT_MS, 60_000),
    maxRetries: number(env.PLAINFLOW_LLM_RETRIES, 3),
  };
}

/** Why the model gave no usable answer, in a word a caller can act on. */
export type ModelErrorCode =
  | 'model_auth'
  | 'model_unknown'
  | 'model_refused'
  | 'model_truncated'
  | 'model_unavailable'
  | 'model_rejected_request';

/** A model call that produced no answer to work with; `message` says what to do. */
export class ModelError extends Error {
  override name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Tokens a call used. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** What the model said: its text (JSON when it kept to the schema), tokens and time. */
export interface ModelReply {
  text: string;
  usage: Usage;
  latencyMs: number;
}

/** A chat message sent to the model. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A client for one configured model, answering in the strict JSON Schema `schema`. */
export class ModelClient {
  private readonly client: OpenAI;

  constructor(readonly settings: ModelSettings) {
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
  }

  /** One chat completion in structured-output mode; a reply, or a {@link ModelError}. */
  async ask(messages: ChatMessage[], schema: Record<string, unknown>): Promise<ModelReply> {
    const started = performance.now();
    let completion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.settings.model,
        messages,
        temperature: 0,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'plainflow_flow', strict: true, schema },
        },
      });
    } catch (err) {
      throw this.explained(err, performance.now() - started);
    }
    const latencyMs = performance.now() - started;
    const choice = completion.choices[0];
    const usage = {
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    };
    if (!choice) throw new ModelError('model_unavailable', 'The model answered with no choice');
    if (choice.message.refusal) {
      throw new ModelError('model_refused', `The model refused: ${choice.message.refusal}`);
    }
    if (choice.finish_reason === 'length') {
      throw new ModelError(
        'model_truncated',
        `The model's answer was cut off at its token limit (${usage.completionTokens} tokens); shorten the description or use a model with a larger output`,
      );
    }
    if (choice.finish_reason === 'content_filter') {
      throw new ModelError('model_refused', "The model's content filter stopped the answer");
    }
    return { text: choice.message.content ?? '', usage, latencyMs };
  }

  private explained(err: unknown, elapsedMs: number): ModelError {
    const where = this.settings.baseURL ?? 'OpenAI';
    if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
      return new ModelError(
        'model_auth',
        `The model server (${where}) refused the key: check OPENAI_API_KEY (${err.status})`,
      );
    }
    if (err instanceof OpenAI.NotFoundError) {
      return new ModelError(
        'model_unknown',
        `The model server (${where}) does not know the model "${this.settings.model}": check PLAINFLOW_LLM_MODEL`,
      );
    }
    if (err instanceof OpenAI.BadRequestError || err instanceof OpenAI.UnprocessableEntityError) {
      return new ModelError(
        'model_rejected_request',
        `The model server (${where}) refused the request: ${err.message}`,
      );
    }
    // The SDK aborts a request at its timeout; the abort surfaces as a connection error.
    const timedOut =
      err instanceof OpenAI.APIConnectionTimeoutError ||
      (err instanceof OpenAI.APIConnectionError && elapsedMs >= this.settings.timeoutMs);
    if (timedOut) {
      return new ModelError(
        'model_unavailable',
        `The model server (${where}) did not answer within ${this.settings.timeoutMs} ms (${this.settings.maxRetries} retries)`,
      );
    }
    if (err instanceof OpenAI.APIError) {
      return new ModelError(
        'model_unavailable',
        `The model server (${where}) failed after ${this.settings.maxRetries} retries: ${err.message}`,
      );
    }
    return new ModelError('model_unavailable', `The model call failed: ${String(err)}`);
  }
}
