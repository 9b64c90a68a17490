// Answers in the awsQuery protocol (STS, RDS): `<XResponse xmlns><XResult>…</XResult>
// <ResponseMetadata><RequestId/></ResponseMetadata></XResponse>`, and errors as
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
import type { Answer } from '../types.js';
import type { AwsApiError } from './errors.js';
import { leaf, node, renderXml, type XmlElement } from './xml.js';

const headersFor = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-requestid': requestId });

export function queryResult(namespace: string, action: string, result: readonly (XmlElement | undefined)[], requestId: string): Answer {
  const body = renderXml(
    node(`${action}Response`, [node(`${action}Result`, result), node('ResponseMetadata', [leaf('RequestId', requestId)])], { xmlns: namespace }),
  );
  return { response: { status: 200, headers: headersFor(requestId), body } };
}

export function queryError(namespace: string, error: AwsApiError, requestId: string): Answer {
  const body = renderXml(
    node(
      'ErrorResponse',
      [
        node('Error', [leaf('Type', error.status >= 500 ? 'Receiver' : 'Sender'), leaf('Code', error.code), leaf('Message', error.message)]),
        leaf('RequestId', requestId),
      ],
      { xmlns: namespace },
    ),
  );
  return { response: { status: error.status, headers: headersFor(requestId), body }, errorCode: error.code };
}
