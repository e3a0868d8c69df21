// Minimal typings for the parts of nlp.js v4 (CommonJS, untyped) that the local classifier uses.

declare module '@nlpjs/core' {
  /** nlp.js dependency-injection container. */
  export interface Container {
    use(plugin: unknown): void;
    register(name: string, value: unknown, isSingleton?: boolean): void;
  }
  /** Creates a container with the default plugins (tokenizer, stemmer, logger…). */
  export function containerBootstrap(settings?: object): Container;
}

declare module '@nlpjs/nlp' {
  import type { Container } from '@nlpjs/core';

  /** One scored intent from the neural classifier. */
  export interface NlpClassification {
    intent: string;
    score: number;
  }

  /** nlp.js' classifier output, best first. */
  export interface NlpClassifyResult {
    classifications: NlpClassification[];
  }

  /** nlp.js' NLU manager, trained directly so that settings such as `log` reach the neural network. */
  export interface NluManager {
    train(settings?: { log?: boolean }): Promise<unknown>;
  }

  /** The nlp.js pipeline: documents in, trained intent classifier out. */
  export class Nlp {
    constructor(settings: object, container: Container);
    nluManager: NluManager;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    classify(locale: string, utterance: string): Promise<NlpClassifyResult>;
    export(minified?: boolean): string;
    import(data: string): void;
  }
}

declare module '@nlpjs/lang-es' {
  /** Spanish tokenizer, stemmer and stopwords. */
  export const LangEs: unknown;
}

declare module '@nlpjs/lang-en-min' {
  /** English tokenizer, stemmer and stopwords (minimal build). */
  export const LangEn: unknown;
}
