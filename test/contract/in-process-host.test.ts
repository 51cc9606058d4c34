import { NodeCaseService, inProcessCaseApi } from '../../electron/core/case-service';
import { describeCaseApiContract } from './case-api-contract';

describeCaseApiContract('in-process host', async () => {
  const service = new NodeCaseService({ host: 'in-process', actor: 'tester@lab' });
  return { api: inProcessCaseApi(service), teardown: () => service.closeCase().then(() => undefined) };
});
