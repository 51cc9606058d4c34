// Web Worker entry of the layout engine (see layout.api.ts): fcose and graph metrics off the UI thread.
import { expose } from 'comlink';
import { layoutApi } from './layout.api';

expose(layoutApi);
