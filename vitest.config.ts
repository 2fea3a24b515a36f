import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 120_000,
    // Builds the WebAssembly SIMD kernels (src/lib/model/simd/generated/) before any test loads them.
    globalSetup: ['scripts/build-wasm.mjs'],
  },
});
