"""The IAM actions of the services LambdaScope simulates, to tell a typo from a real action.

From the Service Authorization Reference (one page per service, "Actions defined by …"):
https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html,
…/list_amazons3.html, …/list_amazonsqs.html, …/list_amazonsns.html, …/list_amazondynamodb.html,
…/list_amazonkinesis.html, …/list_amazoncloudwatchlogs.html, …/list_amazoneventbridge.html,
…/list_awssecuritytokenservice.html, …/list_amazoncognitoidentity.html,
…/list_amazonapigatewaymanagement.html (execute-api). Batch API calls (SendMessageBatch,
PutRecords aside) are authorised by their single action, so they are not listed. AWS adds actions
over time, so `check` words an unknown one as "LambdaScope does not know", never "AWS refuses".
Data only; Qt-free.
"""

from __future__ import annotations

_TAGS = "TagResource UntagResource ListTagsForResource"

ACTIONS: dict[str, frozenset[str]] = {service: frozenset(names.split()) for service, names in {
    "lambda": """AddLayerVersionPermission AddPermission CreateAlias CreateCodeSigningConfig
        CreateEventSourceMapping CreateFunction CreateFunctionUrlConfig DeleteAlias
        DeleteCodeSigningConfig DeleteEventSourceMapping DeleteFunction DeleteFunctionCodeSigningConfig
        DeleteFunctionConcurrency DeleteFunctionEventInvokeConfig DeleteFunctionUrlConfig
        DeleteLayerVersion DeleteProvisionedConcurrencyConfig DisableReplication EnableReplication
        GetAccountSettings GetAlias GetCodeSigningConfig GetEventSourceMapping GetFunction
        GetFunctionCodeSigningConfig GetFunctionConcurrency GetFunctionConfiguration
        GetFunctionEventInvokeConfig GetFunctionRecursionConfig GetFunctionUrlConfig GetLayerVersion
        GetLayerVersionPolicy GetPolicy GetProvisionedConcurrencyConfig GetRuntimeManagementConfig
        GetFunctionScalingConfig PutFunctionScalingConfig
        InvokeAsync InvokeFunction InvokeFunctionUrl ListAliases ListCodeSigningConfigs
        ListEventSourceMappings ListFunctionEventInvokeConfigs ListFunctionUrlConfigs ListFunctions
        ListFunctionsByCodeSigningConfig ListLayerVersions ListLayers ListProvisionedConcurrencyConfigs
        ListTags ListVersionsByFunction PublishLayerVersion PublishVersion PutFunctionCodeSigningConfig
        PutFunctionConcurrency PutFunctionEventInvokeConfig PutFunctionRecursionConfig
        PutProvisionedConcurrencyConfig PutRuntimeManagementConfig RemoveLayerVersionPermission
        RemovePermission TagResource UntagResource UpdateAlias UpdateCodeSigningConfig
        UpdateEventSourceMapping UpdateFunctionCode UpdateFunctionCodeSigningConfig
        UpdateFunctionConfiguration UpdateFunctionEventInvokeConfig UpdateFunctionUrlConfig""",
    "s3": """AbortMultipartUpload BypassGovernanceRetention CreateAccessPoint CreateBucket CreateJob
        CreateMultiRegionAccessPoint CreateSession DeleteAccessPoint DeleteAccessPointPolicy DeleteBucket
        DeleteBucketOwnershipControls DeleteBucketPolicy DeleteBucketWebsite DeleteJobTagging
        DeleteObject DeleteObjectTagging DeleteObjectVersion DeleteObjectVersionTagging
        DeleteStorageLensConfiguration DescribeJob DescribeMultiRegionAccessPointOperation
        GetAccelerateConfiguration GetAccessPoint GetAccessPointPolicy GetAccessPointPolicyStatus
        GetAccountPublicAccessBlock GetAnalyticsConfiguration GetBucketAcl GetBucketCORS
        GetBucketLocation GetBucketLogging GetBucketNotification GetBucketObjectLockConfiguration
        GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock
        GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite
        GetEncryptionConfiguration GetIntelligentTieringConfiguration GetInventoryConfiguration
        GetJobTagging GetLifecycleConfiguration GetMetricsConfiguration GetObject GetObjectAcl
        GetObjectAttributes GetObjectLegalHold GetObjectRetention GetObjectTagging GetObjectTorrent
        GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionForReplication
        GetObjectVersionTagging GetObjectVersionTorrent GetReplicationConfiguration
        GetStorageLensConfiguration GetStorageLensDashboard ListAccessPoints ListAllMyBuckets ListBucket
        ListBucketMultipartUploads ListBucketVersions ListJobs ListMultipartUploadParts
        ListMultiRegionAccessPoints ListStorageLensConfigurations ObjectOwnerOverrideToBucketOwner
        PutAccelerateConfiguration PutAccessPointPolicy PutAccountPublicAccessBlock
        PutAnalyticsConfiguration PutBucketAcl PutBucketCORS PutBucketLogging PutBucketNotification
        PutBucketObjectLockConfiguration PutBucketOwnershipControls PutBucketPolicy
        PutBucketPublicAccessBlock PutBucketRequestPayment PutBucketTagging PutBucketVersioning
        PutBucketWebsite PutEncryptionConfiguration PutIntelligentTieringConfiguration
        PutInventoryConfiguration PutJobTagging PutLifecycleConfiguration PutMetricsConfiguration
        PutObject PutObjectAcl PutObjectLegalHold PutObjectRetention PutObjectTagging
        PutObjectVersionAcl PutObjectVersionTagging PutReplicationConfiguration
        PutStorageLensConfiguration ReplicateDelete ReplicateObject ReplicateTags RestoreObject
        UpdateJobPriority UpdateJobStatus""",
    "sqs": """AddPermission CancelMessageMoveTask ChangeMessageVisibility CreateQueue DeleteMessage
        DeleteQueue GetQueueAttributes GetQueueUrl ListDeadLetterSourceQueues ListMessageMoveTasks
        ListQueueTags ListQueues PurgeQueue ReceiveMessage RemovePermission SendMessage
        SetQueueAttributes StartMessageMoveTask TagQueue UntagQueue""",
    "sns": f"""AddPermission CheckIfPhoneNumberIsOptedOut ConfirmSubscription CreatePlatformApplication
        CreatePlatformEndpoint CreateSMSSandboxPhoneNumber CreateTopic DeleteEndpoint
        DeletePlatformApplication DeleteSMSSandboxPhoneNumber DeleteTopic GetDataProtectionPolicy
        GetEndpointAttributes GetPlatformApplicationAttributes GetSMSAttributes
        GetSMSSandboxAccountStatus GetSubscriptionAttributes GetTopicAttributes
        ListEndpointsByPlatformApplication ListOriginationNumbers ListPhoneNumbersOptedOut
        ListPlatformApplications ListSMSSandboxPhoneNumbers ListSubscriptions ListSubscriptionsByTopic
        ListTopics OptInPhoneNumber Publish PutDataProtectionPolicy RemovePermission
        SetEndpointAttributes SetPlatformApplicationAttributes SetSMSAttributes
        SetSubscriptionAttributes SetTopicAttributes Subscribe Unsubscribe VerifySMSSandboxPhoneNumber
        {_TAGS}""",
    "dynamodb": f"""BatchGetItem BatchWriteItem ConditionCheckItem CreateBackup CreateGlobalTable
        CreateTable CreateTableReplica DeleteBackup DeleteItem DeleteResourcePolicy DeleteTable
        DeleteTableReplica DescribeBackup DescribeContinuousBackups DescribeContributorInsights
        DescribeEndpoints DescribeExport DescribeGlobalTable DescribeGlobalTableSettings DescribeImport
        DescribeKinesisStreamingDestination DescribeLimits DescribeReservedCapacity
        DescribeReservedCapacityOfferings DescribeStream DescribeTable DescribeTableReplicaAutoScaling
        DescribeTimeToLive DisableKinesisStreamingDestination EnableKinesisStreamingDestination
        ExportTableToPointInTime GetItem GetRecords GetResourcePolicy GetShardIterator ImportTable
        ListBackups ListContributorInsights ListExports ListGlobalTables ListImports ListStreams
        ListTables ListTagsOfResource PartiQLDelete PartiQLInsert PartiQLSelect PartiQLUpdate PutItem
        PutResourcePolicy Query RestoreTableFromAwsBackup RestoreTableFromBackup
        RestoreTableToPointInTime Scan StartAwsBackupJob UpdateContinuousBackups
        UpdateContributorInsights UpdateGlobalTable UpdateGlobalTableSettings UpdateItem
        UpdateKinesisStreamingDestination UpdateTable UpdateTableReplicaAutoScaling UpdateTimeToLive
        {_TAGS}""",
    "kinesis": f"""AddTagsToStream CreateStream DecreaseStreamRetentionPeriod DeleteResourcePolicy
        DeleteStream DeregisterStreamConsumer DescribeLimits DescribeStream DescribeStreamConsumer
        DescribeStreamSummary DisableEnhancedMonitoring EnableEnhancedMonitoring GetRecords
        GetResourcePolicy GetShardIterator IncreaseStreamRetentionPeriod ListShards
        ListStreamConsumers ListStreams ListTagsForStream MergeShards PutRecord PutRecords
        PutResourcePolicy RegisterStreamConsumer RemoveTagsFromStream SplitShard StartStreamEncryption
        StopStreamEncryption SubscribeToShard UpdateShardCount UpdateStreamMode {_TAGS}""",
    "logs": f"""AssociateKmsKey CancelExportTask CreateExportTask CreateLogDelivery CreateLogGroup
        CreateLogStream DeleteDestination DeleteLogDelivery DeleteLogGroup DeleteLogStream
        DeleteMetricFilter DeleteQueryDefinition DeleteResourcePolicy DeleteRetentionPolicy
        DeleteSubscriptionFilter DescribeDestinations DescribeExportTasks DescribeLogGroups
        DescribeLogStreams DescribeMetricFilters DescribeQueries DescribeQueryDefinitions
        DescribeResourcePolicies DescribeSubscriptionFilters DisassociateKmsKey FilterLogEvents
        GetLogDelivery GetLogEvents GetLogGroupFields GetLogRecord GetQueryResults Link
        ListLogDeliveries ListTagsLogGroup PutDestination PutDestinationPolicy PutLogEvents
        PutMetricFilter PutQueryDefinition PutResourcePolicy PutRetentionPolicy PutSubscriptionFilter
        StartLiveTail StartQuery StopLiveTail StopQuery TagLogGroup TestMetricFilter Unmask
        UntagLogGroup UpdateLogDelivery {_TAGS}""",
    "events": f"""ActivateEventSource CancelReplay CreateApiDestination CreateArchive CreateConnection
        CreateEndpoint CreateEventBus CreatePartnerEventSource DeactivateEventSource
        DeauthorizeConnection DeleteApiDestination DeleteArchive DeleteConnection DeleteEndpoint
        DeleteEventBus DeletePartnerEventSource DeleteRule DescribeApiDestination DescribeArchive
        DescribeConnection DescribeEndpoint DescribeEventBus DescribeEventSource
        DescribePartnerEventSource DescribeReplay DescribeRule DisableRule EnableRule
        InvokeApiDestination ListApiDestinations ListArchives ListConnections ListEndpoints
        ListEventBuses ListEventSources ListPartnerEventSourceAccounts ListPartnerEventSources
        ListReplays ListRuleNamesByTarget ListRules ListTargetsByRule PutEvents PutPartnerEvents
        PutPermission PutRule PutTargets RemovePermission RemoveTargets RetrieveConnectionCredentials
        StartReplay TestEventPattern UpdateApiDestination UpdateArchive UpdateConnection
        UpdateEndpoint UpdateEventBus {_TAGS}""",
    "sts": """AssumeRole AssumeRoleWithSAML AssumeRoleWithWebIdentity AssumeRoot
        DecodeAuthorizationMessage GetAccessKeyInfo GetCallerIdentity GetFederationToken
        GetServiceBearerToken GetSessionToken SetContext SetSourceIdentity TagSession""",
    "cognito-identity": f"""CreateIdentityPool DeleteIdentities DeleteIdentityPool DescribeIdentity
        DescribeIdentityPool GetCredentialsForIdentity GetId GetIdentityPoolAnalytics
        GetIdentityPoolDailyAnalytics GetIdentityPoolRoles GetIdentityProviderDailyAnalytics
        GetOpenIdToken GetOpenIdTokenForDeveloperIdentity GetPrincipalTagAttributeMap ListIdentities
        ListIdentityPools LookupDeveloperIdentity MergeDeveloperIdentities SetIdentityPoolRoles
        SetPrincipalTagAttributeMap UnlinkDeveloperIdentity UnlinkIdentity UpdateIdentityPool
        {_TAGS}""",
    "execute-api": "Invoke InvalidateCache ManageConnections",
}.items()}
