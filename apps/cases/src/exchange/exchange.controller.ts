import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  addCaseImportRows,
  caseExportPage,
  finishCaseImport,
  getCaseExchangeRecord,
  getCaseExport,
  getCaseImport,
  startCaseExport,
  startCaseImport,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { AddCaseImportRows } from './usecases/add-case-import-rows';
import { CaseExportPage } from './usecases/case-export-page';
import { FinishCaseImport } from './usecases/finish-case-import';
import { GetCaseExchangeRecord } from './usecases/get-case-exchange-record';
import { GetCaseExport } from './usecases/get-case-export';
import { GetCaseImport } from './usecases/get-case-import';
import { StartCaseExport } from './usecases/start-case-export';
import { StartCaseImport } from './usecases/start-case-import';

type Req<C extends Parameters<typeof HandleRequest>[0]> = HandlerRequestOf<C>;
type Reply<C extends Parameters<typeof HandleRequest>[0]> = Promise<HandlerReplyOf<C>>;

/** The `cases.export.*`, `cases.import.*` and `cases.exchange-record.get` subjects: each hands its request to its use case. */
@Controller()
export class ExchangeController {
  constructor(
    private readonly startExport: StartCaseExport,
    private readonly exportPage: CaseExportPage,
    private readonly getExport: GetCaseExport,
    private readonly startImport: StartCaseImport,
    private readonly addRows: AddCaseImportRows,
    private readonly finishImport: FinishCaseImport,
    private readonly getImport: GetCaseImport,
    private readonly exchangeRecord: GetCaseExchangeRecord,
  ) {}

  @HandleRequest(getCaseExchangeRecord)
  recordGet(
    request: Req<typeof getCaseExchangeRecord>,
    context: RequestContext,
  ): Reply<typeof getCaseExchangeRecord> {
    return this.exchangeRecord.execute({ ...request, context });
  }

  @HandleRequest(startCaseExport)
  exportStart(
    request: Req<typeof startCaseExport>,
    context: RequestContext,
  ): Reply<typeof startCaseExport> {
    return this.startExport.execute({ ...request, context });
  }

  @HandleRequest(caseExportPage)
  exportNextPage(
    request: Req<typeof caseExportPage>,
    context: RequestContext,
  ): Reply<typeof caseExportPage> {
    return this.exportPage.execute({ ...request, context });
  }

  @HandleRequest(getCaseExport)
  exportGet(
    request: Req<typeof getCaseExport>,
    context: RequestContext,
  ): Reply<typeof getCaseExport> {
    return this.getExport.execute({ ...request, context });
  }

  @HandleRequest(startCaseImport)
  importStart(
    request: Req<typeof startCaseImport>,
    context: RequestContext,
  ): Reply<typeof startCaseImport> {
    return this.startImport.execute({ ...request, context });
  }

  @HandleRequest(addCaseImportRows)
  importRows(
    request: Req<typeof addCaseImportRows>,
    context: RequestContext,
  ): Reply<typeof addCaseImportRows> {
    return this.addRows.execute({ ...request, context });
  }

  @HandleRequest(finishCaseImport)
  importFinish(
    request: Req<typeof finishCaseImport>,
    context: RequestContext,
  ): Reply<typeof finishCaseImport> {
    return this.finishImport.execute({ ...request, context });
  }

  @HandleRequest(getCaseImport)
  importGet(
    request: Req<typeof getCaseImport>,
    context: RequestContext,
  ): Reply<typeof getCaseImport> {
    return this.getImport.execute({ ...request, context });
  }
}
