import { NodeCaseService } from '../../electron/core/case-service';
import { startLoopbackHost } from '../../electron/host/loopback-host';
import { createHttpCaseApi } from '../../renderer/src/api/http-client';
import { describeCaseApiContract } from './case-api-contract';

describeCaseApiContract('loopback host (HTTP)', async () => {
  const service = new NodeCaseService({ host: 'loopback', actor: 'tester@lab' });
  const host = await startLoopbackHost({ service, rendererDir: null });
  return {
    api: createHttpCaseApi(host.origin, host.token),
    teardown: async () => {
      await host.close();
      await service.closeCase();
    },
  };
});
