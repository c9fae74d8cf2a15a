import { Controller, Res } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type Person,
  type ReplyOf,
  createPerson,
  getPerson,
  matchPersons,
  mergePersons,
  personHistory,
  searchPersons,
  unmergePersons,
  updatePerson,
} from '@opencen/contracts';
import { ContractClient, type RequestContext, ServiceError } from '@opencen/nest-kit';
import { type Response } from 'express';
import {
  Caller,
  ContractRequest,
  ContractRouteHandler,
  entityTag,
  relativeToBody,
} from '../http/contract-route';
import { personRoutes as routes } from './persons.routes';

/**
 * Natural persons over HTTP. Each handler sends the validated contract request to the persons
 * service with the caller's principal and correlation id, and sets the status and headers of the
 * reply; what a request may contain and who may send it is in persons.routes.ts.
 */
@Controller()
export class PersonsController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.match)
  async match(
    @ContractRequest() request: HandlerRequestOf<typeof matchPersons>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof matchPersons>> {
    return this.client.send(matchPersons, request, { context: caller });
  }

  /** 201 with Location and ETag when recorded; 200 with the candidates when nothing was. */
  @ContractRouteHandler(routes.create)
  async create(
    @ContractRequest() request: HandlerRequestOf<typeof createPerson>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof createPerson>> {
    const reply = await this.client.send(createPerson, request, { context: caller });
    if (reply.outcome === 'created') {
      res.location(personLocation(reply.person));
      res.setHeader('ETag', entityTag(reply.person.version));
    } else {
      res.status(200);
    }
    return reply;
  }

  @ContractRouteHandler(routes.search)
  async search(
    @ContractRequest() request: HandlerRequestOf<typeof searchPersons>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof searchPersons>> {
    return this.client.send(searchPersons, request, { context: caller });
  }

  @ContractRouteHandler(routes.get)
  async get(
    @ContractRequest() request: HandlerRequestOf<typeof getPerson>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Person> {
    const person = await this.client.send(getPerson, request, { context: caller });
    res.setHeader('ETag', entityTag(person.version));
    return person;
  }

  @ContractRouteHandler(routes.update)
  async update(
    @ContractRequest() request: HandlerRequestOf<typeof updatePerson>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Person> {
    let person: Person;
    try {
      person = await this.client.send(updatePerson, request, { context: caller });
    } catch (error) {
      // The body is the draft: the service's `draft.…` paths are named as the client wrote them.
      if (error instanceof ServiceError && error.details.length > 0) {
        throw new ServiceError(
          error.code,
          error.message,
          relativeToBody(routes.update, error.details),
          error.correlationId,
        );
      }
      throw error;
    }
    res.setHeader('ETag', entityTag(person.version));
    return person;
  }

  @ContractRouteHandler(routes.history)
  async history(
    @ContractRequest() request: HandlerRequestOf<typeof personHistory>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof personHistory>> {
    return this.client.send(personHistory, request, { context: caller });
  }

  @ContractRouteHandler(routes.merge)
  async merge(
    @ContractRequest() request: HandlerRequestOf<typeof mergePersons>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof mergePersons>> {
    const survivor = await this.client.send(mergePersons, request, { context: caller });
    res.setHeader('ETag', entityTag(survivor.version));
    return survivor;
  }

  @ContractRouteHandler(routes.unmerge)
  async unmerge(
    @ContractRequest() request: HandlerRequestOf<typeof unmergePersons>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof unmergePersons>> {
    const reply = await this.client.send(unmergePersons, request, { context: caller });
    res.setHeader('ETag', entityTag(reply.survivor.version));
    return reply;
  }
}

/** The URL of a person, as in Location. */
export function personLocation(person: Pick<Person, 'id'>): string {
  return `/api/v1/persons/${encodeURIComponent(person.id)}`;
}
