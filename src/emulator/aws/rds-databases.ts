// DB instances and clusters: DescribeDBInstances, DescribeDBClusters. What an auditor needs to
// tell whether a database restored from a snapshot is reachable: public access, endpoint,
// security groups and subnets.
import type { EstateDbCluster, EstateDbInstance } from '../estate.js';
import { applyFilters } from './filters.js';
import { paginate } from './pagination.js';
import { scalar, wrappedFilters } from './query.js';
import {
  hostSuffix,
  names,
  notFound,
  rdsArn,
  rdsFilterSpec,
  rdsPageRequest,
  vpcSecurityGroups,
  type RdsHandler,
  type RdsRequest,
} from './rds-context.js';
import { derivedToken, isoTime } from './values.js';
import { leaf, list, node, tagList, type XmlElement } from './xml.js';

const resourceId = (prefix: string, seed: string): string => `${prefix}-${derivedToken(seed, 26).toUpperCase()}`;

const instanceFilters = rdsFilterSpec<EstateDbInstance>({
  'db-instance-id': (i) => [i.id],
  'db-cluster-id': (i) => [i.dbClusterId],
  engine: (i) => [i.engine],
  'dbi-resource-id': () => [],
  domain: () => [],
});

const clusterFilters = rdsFilterSpec<EstateDbCluster>({
  'db-cluster-id': (c) => [c.id],
  engine: (c) => [c.engine],
  'clone-group-id': () => [],
  domain: () => [],
});

function instanceXml(instance: EstateDbInstance, request: RdsRequest): (XmlElement | undefined)[] {
  const arn = rdsArn(request.region, request.account.id, 'db', instance.id);
  const address = instance.address ?? `${instance.id.toLowerCase()}.${hostSuffix(request)}`;
  return [
    leaf('DBInstanceIdentifier', instance.id),
    leaf('Engine', instance.engine),
    leaf('DBInstanceStatus', instance.status),
    node('Endpoint', [leaf('Address', address), leaf('Port', instance.port)]),
    leaf('InstanceCreateTime', isoTime(instance.createTime)),
    vpcSecurityGroups(instance.securityGroupIds),
    node('DBSubnetGroup', [
      leaf('DBSubnetGroupName', `default-${instance.vpcId}`),
      leaf('VpcId', instance.vpcId),
      leaf('SubnetGroupStatus', 'Complete'),
      list('Subnets', 'Subnet', instance.subnetIds.map((id) => [leaf('SubnetIdentifier', id), leaf('SubnetStatus', 'Active')])),
    ]),
    leaf('PubliclyAccessible', instance.publiclyAccessible),
    leaf('DBClusterIdentifier', instance.dbClusterId),
    leaf('StorageEncrypted', instance.storageEncrypted),
    leaf('KmsKeyId', instance.kmsKeyId),
    leaf('DbiResourceId', resourceId('db', arn)),
    leaf('DBInstanceArn', arn),
    tagList(instance.tags),
  ];
}

function clusterXml(cluster: EstateDbCluster, request: RdsRequest): (XmlElement | undefined)[] {
  const arn = rdsArn(request.region, request.account.id, 'cluster', cluster.id);
  const endpoint = (kind: 'cluster' | 'cluster-ro'): string => `${cluster.id.toLowerCase()}.${kind}-${hostSuffix(request)}`;
  return [
    leaf('DBClusterIdentifier', cluster.id),
    leaf('Status', cluster.status),
    leaf('Endpoint', endpoint('cluster')),
    leaf('ReaderEndpoint', endpoint('cluster-ro')),
    leaf('Engine', cluster.engine),
    leaf('Port', cluster.port),
    list(
      'DBClusterMembers',
      'DBClusterMember',
      cluster.memberInstanceIds.map((id, index) => [leaf('DBInstanceIdentifier', id), leaf('IsClusterWriter', index === 0), leaf('PromotionTier', 1)]),
    ),
    vpcSecurityGroups(cluster.securityGroupIds),
    leaf('StorageEncrypted', cluster.storageEncrypted),
    leaf('KmsKeyId', cluster.kmsKeyId),
    leaf('DbClusterResourceId', resourceId('cluster', arn)),
    leaf('DBClusterArn', arn),
    leaf('ClusterCreateTime', isoTime(cluster.createTime)),
    // Aurora reports public access per instance; only Multi-AZ DB clusters carry it here.
    leaf('PubliclyAccessible', cluster.publiclyAccessible),
    tagList(cluster.tags),
  ];
}

export const describeDbInstances: RdsHandler = (request) => {
  const { root } = request.params;
  const page = rdsPageRequest(request);
  const id = scalar(root, 'DBInstanceIdentifier');
  let instances = request.regionEstate.dbInstances.filter((i) => id === undefined || names(id, request, 'db', i.id));
  if (id !== undefined && instances.length === 0) throw notFound('DBInstanceNotFound', `DBInstance ${id} not found.`);
  instances = applyFilters(instances, wrappedFilters(root), instanceFilters);
  const result = paginate(instances, page);
  return [list('DBInstances', 'DBInstance', result.items.map((i) => instanceXml(i, request))), leaf('Marker', result.nextToken)];
};

export const describeDbClusters: RdsHandler = (request) => {
  const { root } = request.params;
  const page = rdsPageRequest(request);
  const id = scalar(root, 'DBClusterIdentifier');
  let clusters = request.regionEstate.dbClusters.filter((c) => id === undefined || names(id, request, 'cluster', c.id));
  if (id !== undefined && clusters.length === 0) throw notFound('DBClusterNotFoundFault', `DBCluster ${id} not found.`);
  clusters = applyFilters(clusters, wrappedFilters(root), clusterFilters);
  const result = paginate(clusters, page);
  return [list('DBClusters', 'DBCluster', result.items.map((c) => clusterXml(c, request))), leaf('Marker', result.nextToken)];
};
