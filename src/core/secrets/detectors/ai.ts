import type { Detector } from '../Detector';
import { B, E, token } from './define';

const body = (n: string): string => `[A-Za-z0-9_\\-]{${n}}`;

/** AI and model providers. */
export const aiDetectors: Detector[] = [
  token(
    'openai-api-key',
    'OpenAI API key',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    `${B}(sk-(?:proj|svcacct|admin)-${body('40,250')})(?![A-Za-z0-9_\\-])`,
  ),
  token('openai-legacy-key', 'OpenAI API key (legacy)', ['t3blbkfj'], `${B}(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})${E}`),
  token('anthropic-api-key', 'Anthropic API key', ['sk-ant-api'], `${B}(sk-ant-api[0-9]{2}-${body('80,120')})(?![A-Za-z0-9_\\-])`),
  token('anthropic-admin-key', 'Anthropic admin key', ['sk-ant-admin'], `${B}(sk-ant-admin[0-9]{2}-${body('80,120')})(?![A-Za-z0-9_\\-])`),
  token('huggingface-token', 'Hugging Face access token', ['hf_'], `${B}(hf_[A-Za-z]{34})${E}`, {
    validate: (v) => /[A-Z]/.test(v) && /[a-z]/.test(v.slice(3)),
  }),
  token('huggingface-org-token', 'Hugging Face organization token', ['api_org_'], `${B}(api_org_[A-Za-z]{34})${E}`),
  token('groq-api-key', 'Groq API key', ['gsk_'], `${B}(gsk_[A-Za-z0-9]{52})${E}`),
  token('replicate-api-token', 'Replicate API token', ['r8_'], `${B}(r8_[A-Za-z0-9]{37})${E}`),
  token('perplexity-api-key', 'Perplexity API key', ['pplx-'], `${B}(pplx-[A-Za-z0-9]{48})${E}`),
  token('xai-api-key', 'xAI API key', ['xai-'], `${B}(xai-[A-Za-z0-9]{80})${E}`),
  token('langsmith-api-key', 'LangSmith API key', ['lsv2_'], `${B}(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})${E}`),
  token('openrouter-api-key', 'OpenRouter API key', ['sk-or-v1-'], `${B}(sk-or-v1-[a-f0-9]{64})${E}`),
  token('pinecone-api-key', 'Pinecone API key', ['pcsk_'], `${B}(pcsk_[A-Za-z0-9_]{50,80})(?![A-Za-z0-9])`),
];
