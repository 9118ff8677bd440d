// Request bodies in Kubernetes protobuf (what kubectl's typed clients send for
// create namespace/configmap/secret/deployment…, and drain's evictions), turned
// into the same plain object a JSON body would have given.
import { errors, StatusError } from '../../../api/status.ts';
import { decodeKubernetesProtobuf, MalformedProtobufError, UnsupportedKindError } from '../../../api/protobuf/decode.ts';

export function decodeProtobufBody(body: Buffer): unknown {
  try {
    return decodeKubernetesProtobuf(body).object;
  } catch (err) {
    if (err instanceof UnsupportedKindError) throw new StatusError(415, 'UnsupportedMediaType', err.message);
    if (err instanceof MalformedProtobufError) throw errors.badRequest(`unable to decode the protobuf body: ${err.message}`);
    throw err;
  }
}
