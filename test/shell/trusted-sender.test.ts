import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from '../../src-main/shell/trusted-sender';

const built = { rendererDir: '/app/out/renderer' };

describe('isTrustedRendererUrl', () => {
  it('trusts the built page and files under out/renderer', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html', built)).toBe(true);
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html#/events', built)).toBe(true);
  });

  it('refuses other files, look-alike folders and traversal', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer-evil/index.html', built)).toBe(false);
    expect(isTrustedRendererUrl('file:///app/out/renderer/../secret.html', built)).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/page.html', built)).toBe(false);
    expect(isTrustedRendererUrl('file:///app/out/renderer', built)).toBe(false);
  });

  it('refuses web pages, garbage and missing frames', () => {
    expect(isTrustedRendererUrl('https://evil.example/', built)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', built)).toBe(false);
    expect(isTrustedRendererUrl('about:blank', built)).toBe(false);
    expect(isTrustedRendererUrl('not a url', built)).toBe(false);
    expect(isTrustedRendererUrl('', built)).toBe(false);
    expect(isTrustedRendererUrl(undefined, built)).toBe(false);
  });

  it('trusts the dev server origin only when one is configured', () => {
    const dev = { ...built, devUrl: 'http://localhost:5173' };
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/', { ...built, devUrl: '::bad::' })).toBe(false);
  });
});
