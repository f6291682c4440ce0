import type { Proposal, ProposalImageType } from '@pb/shared';
import { ApiError, apiSend, toApiError } from './client.js';

function imagePath(proposalId: string, imageId: string): `/api/${string}` {
  return `/api/proposals/${encodeURIComponent(proposalId)}/images/${encodeURIComponent(imageId)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends the photo as the raw body. XMLHttpRequest rather than fetch: only it reports upload
 * progress, which on a slow phone connection tells the resident something is happening.
 */
export function uploadProposalImage(
  proposalId: string,
  upload: { file: Blob; type: ProposalImageType; alt: string; altLocale: 'ja' | 'en' },
  onprogress: (fraction: number) => void,
): Promise<Proposal> {
  const query = new URLSearchParams({ alt: upload.alt, altLocale: upload.altLocale });
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/proposals/${encodeURIComponent(proposalId)}/images?${query.toString()}`);
    request.setRequestHeader('content-type', upload.type);
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onprogress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) resolve(body as Proposal);
      else reject(toApiError(request.status, body));
    };
    request.onerror = () => {
      reject(new ApiError(0, 'network.unreachable', 'Network error'));
    };
    request.send(upload.file);
  });
}

export function removeProposalImage(proposalId: string, imageId: string): Promise<void> {
  return apiSend<undefined>('DELETE', imagePath(proposalId, imageId));
}

export function moderateProposalImage(
  proposalId: string,
  imageId: string,
  action: 'hide' | 'restore',
  reason: string,
): Promise<void> {
  return apiSend<undefined>('POST', `${imagePath(proposalId, imageId)}/${action}`, { reason });
}
