import * as vscode from 'vscode';
import {
  ExplainClinicianRequest,
  type ExplainClinicianParams,
  type ExplainClinicianResult,
} from '../../../server/src/protocol';
import type { QppClient } from '../languageClient';
import { showMarkdownPreview } from './markdown';

const NPI = /^\d{10}$/;

/** Asks for an NPI (unless given) and shows the server's explanation as a Markdown preview. */
export async function explainClinician(client: QppClient, given?: string): Promise<string | null | undefined> {
  const npi = (
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: 'QPP: Explain Clinician',
          prompt: 'National Provider Identifier (10 digits)',
          placeHolder: '1234567893',
          validateInput: (value) => (NPI.test(value.trim()) ? undefined : 'An NPI is exactly 10 digits.'),
        })
  )?.trim();
  if (npi === undefined) return undefined; // the user cancelled
  if (!NPI.test(npi)) throw new Error(`"${npi}" is not an NPI: an NPI is exactly 10 digits.`);
  const { markdown } = await client.sendRequest<ExplainClinicianResult>(ExplainClinicianRequest, {
    npi,
  } satisfies ExplainClinicianParams);
  if (markdown === null) {
    void vscode.window.showInformationMessage(`QPP: NPI ${npi} is on no participation list in this workspace.`);
    return null;
  }
  await showMarkdownPreview(markdown);
  return markdown;
}
