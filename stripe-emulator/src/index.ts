export { createEmulator, type Emulator, type EmulatorOptions } from "./emulator.js";
export { FAULT_KINDS, type FaultKind, type FaultMatch } from "./faults.js";
export { DELIVERY_MODES, type DeliveryMode, type DeliveryAttempt } from "./webhooks/dispatcher.js";
export { signatureHeader } from "./webhooks/signature.js";
