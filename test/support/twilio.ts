// The local Twilio REST server lives with the benchmarks (which are compiled); the tests use the same one.
export * from '../../bench/support/twilio-server';
