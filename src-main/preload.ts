// Runs sandboxed beside the page: exposes the named command methods and `on`, never ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from './contract/bridge';
import { createPreloadBridge } from './shell/preload-bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createPreloadBridge(ipcRenderer));
