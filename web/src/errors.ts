// What a failed call's google.rpc details say (common.proto, "Errors"): the ErrorInfo reason, and how long the
// server asks us to wait (RetryInfo), read from the grpc-status-details-bin trailer that connect-web decodes.
import { ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema, RetryInfoSchema } from "./gen/google/rpc/error_details_pb";

/** The ErrorInfo reason ("FETCH_RATE_LIMITED"), or empty when the error carries none. */
export const reasonOf = (e: unknown) => ConnectError.from(e).findDetails(ErrorInfoSchema)[0]?.reason ?? "";

/** The wait RetryInfo asks for, in milliseconds; null when the error carries none. */
export const retryDelayOf = (e: unknown) => {
  const delay = ConnectError.from(e).findDetails(RetryInfoSchema)[0]?.retryDelay;
  return delay ? Number(delay.seconds) * 1000 + Math.ceil(delay.nanos / 1e6) : null;
};
