<?xml version="1.0" encoding="UTF-8"?>
<!--
  The bulletin template: one edition's content (monolingual, after localize
  and the data pass) to the document tree of templates/document.rng.

  A magazine issue: the masthead is the cover, "In this issue" links to
  the sections, the results are a grid of big numbers (each with its
  change against the previous issue when the content names it), the
  coverage a grid of departments, workshops a timeline, stories headed by
  their place line, the partners a strip of names at the end. Words the
  template adds are in the s:strings table, one entry per language.
  Paragraphs, images, credits and inline markup are ../common.xsl's.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                exclude-result-prefixes="f s">

  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kind-strings" select="document('')/*/s:strings"/>
  <xsl:variable name="masthead" select="/bulletin/masthead"/>
  <!-- the previous issue, bilingual content read as it is -->
  <xsl:variable name="previous" select="document(/bulletin/previous/@href, /)/bulletin"/>

  <s:strings lang="es">
    <s:s key="page">Página</s:s>
    <s:s key="contents">Contenido</s:s>
    <s:s key="table">Tabla</s:s>
    <s:s key="pdf">Descargar PDF</s:s>
    <s:s key="skip">Saltar al contenido</s:s>
    <s:s key="missing">Falta la traducción</s:s>
    <s:s key="language">Español</s:s>
    <s:s key="photo-credit">Foto:</s:s>
    <s:s key="issue">Número</s:s>
    <s:s key="against">frente al</s:s>
    <s:s key="partners">Con el apoyo de</s:s>
    <s:s key="department">Departamento</s:s>
    <s:s key="municipalities">Municipios</s:s>
  </s:strings>
  <s:strings lang="en">
    <s:s key="page">Page</s:s>
    <s:s key="contents">Contents</s:s>
    <s:s key="table">Table</s:s>
    <s:s key="pdf">Download PDF</s:s>
    <s:s key="skip">Skip to content</s:s>
    <s:s key="missing">Translation missing</s:s>
    <s:s key="language">English</s:s>
    <s:s key="photo-credit">Photo:</s:s>
    <s:s key="issue">Issue</s:s>
    <s:s key="against">vs.</s:s>
    <s:s key="partners">With the support of</s:s>
    <s:s key="department">Department</s:s>
    <s:s key="municipalities">Municipalities</s:s>
  </s:strings>

  <xsl:template match="/bulletin">
    <xsl:if test="previous and not($previous)">
      <xsl:message terminate="yes"><xsl:value-of select="f:src(previous)"/>: the previous issue '<xsl:value-of select="previous/@href"/>' cannot be read as a bulletin</xsl:message>
    </xsl:if>
    <document lang="{$lang}" locale="{@locale}" id="{@id}" kind="bulletin">
      <info>
        <xsl:attribute name="title"><xsl:apply-templates select="$masthead/headline" mode="plain"/></xsl:attribute>
        <xsl:attribute name="author"><xsl:apply-templates select="$masthead/publisher" mode="plain"/></xsl:attribute>
        <xsl:attribute name="subject">
          <xsl:apply-templates select="$masthead/series" mode="plain"/>
          <xsl:text> · </xsl:text>
          <xsl:apply-templates select="$masthead/program" mode="plain"/>
          <xsl:value-of select="concat(' · ', f:semester($masthead/period/@semester))"/>
        </xsl:attribute>
        <xsl:attribute name="keywords"><xsl:apply-templates select="$masthead/program" mode="plain"/></xsl:attribute>
        <xsl:attribute name="short-title">
          <xsl:apply-templates select="$masthead/series" mode="plain"/>
          <xsl:value-of select="concat(' · ', f:semester($masthead/period/@semester))"/>
        </xsl:attribute>
        <xsl:call-template name="words"/>
      </info>
      <xsl:call-template name="alternates"/>
      <cover src="{f:src($masthead)}" layout="band">
        <kicker>
          <xsl:apply-templates select="$masthead/series/node()"/>
          <xsl:text> | </xsl:text>
          <xsl:apply-templates select="$masthead/program/node()"/>
        </kicker>
        <title><xsl:apply-templates select="$masthead/headline/node()"/></title>
        <subtitle><xsl:apply-templates select="$masthead/tagline/node()"/></subtitle>
        <period>
          <!-- at the start of a line: "Segundo semestre de 2021" -->
          <xsl:variable name="semester" select="f:semester($masthead/period/@semester)"/>
          <xsl:value-of select="concat(translate(substring($semester, 1, 1), 'fps', 'FPS'), substring($semester, 2))"/>
          <xsl:if test="$masthead/period/@issue">
            <xsl:text> · </xsl:text>
            <xsl:call-template name="string"><xsl:with-param name="key" select="'issue'"/></xsl:call-template>
            <xsl:value-of select="concat(' ', $masthead/period/@issue)"/>
          </xsl:if>
        </period>
        <publisher><xsl:apply-templates select="$masthead/publisher/node()"/></publisher>
      </cover>
      <xsl:apply-templates select="$masthead/in-this-issue"/>
      <xsl:apply-templates select="section"/>
      <xsl:apply-templates select="partners"/>
    </document>
  </xsl:template>

  <xsl:template match="in-this-issue">
    <section id="in-this-issue" src="{f:src(.)}" opener="inline">
      <title><xsl:apply-templates select="heading/node()"/></title>
      <list src="{f:src(.)}">
        <xsl:for-each select="item">
          <xsl:if test="not(/bulletin/section[@id = current()/@section])">
            <xsl:message terminate="yes"><xsl:value-of select="f:src(.)"/>: no section has the id '<xsl:value-of select="@section"/>'</xsl:message>
          </xsl:if>
          <item src="{f:src(.)}"><a href="#{@section}"><xsl:apply-templates select="node()"/></a></item>
        </xsl:for-each>
      </list>
    </section>
  </xsl:template>

  <xsl:template match="section">
    <section id="{@id}" src="{f:src(.)}" opener="inline">
      <xsl:if test="kicker"><kicker><xsl:apply-templates select="kicker/node()"/></kicker></xsl:if>
      <title><xsl:apply-templates select="heading/node()"/></title>
      <xsl:apply-templates select="body/p | subheading | figures | coverage | workshops | list | story | photo | dates"/>
    </section>
  </xsl:template>

  <xsl:template match="subheading">
    <h level="3" contents="no" src="{f:src(.)}"><xsl:apply-templates select="node()"/></h>
  </xsl:template>

  <!-- The results grid; a figure the previous issue also has shows its
       change: "▲ 12 % frente al primer semestre de 2021". -->
  <xsl:template match="figures">
    <stats src="{f:src(.)}">
      <xsl:for-each select="figure">
        <xsl:variable name="before" select="$previous/section/figures/figure[@id = current()/@id]/@value"/>
        <stat src="{f:src(.)}">
          <value><xsl:value-of select="f:number(@value)"/></value>
          <label>
            <xsl:apply-templates select="label/node()"/>
            <xsl:if test="$before > 0">
              <xsl:variable name="change" select="(@value - $before) div $before * 100"/>
              <br/>
              <b>
                <xsl:choose>
                  <xsl:when test="$change > 0">▲ <xsl:value-of select="f:percent($change, 0)"/></xsl:when>
                  <xsl:when test="$change &lt; 0">▼ <xsl:value-of select="f:percent(-$change, 0)"/></xsl:when>
                  <xsl:otherwise>= <xsl:value-of select="f:percent(0, 0)"/></xsl:otherwise>
                </xsl:choose>
              </b>
              <xsl:text> </xsl:text>
              <xsl:call-template name="string"><xsl:with-param name="key" select="'against'"/></xsl:call-template>
              <xsl:value-of select="concat(' ', f:semester($previous/masthead/period/@semester))"/>
            </xsl:if>
          </label>
        </stat>
      </xsl:for-each>
    </stats>
  </xsl:template>

  <!-- The departments, each with its municipalities, as a table. -->
  <xsl:template match="coverage">
    <table src="{f:src(.)}" numbered="no">
      <head>
        <row>
          <cell><xsl:call-template name="string"><xsl:with-param name="key" select="'department'"/></xsl:call-template></cell>
          <cell><xsl:call-template name="string"><xsl:with-param name="key" select="'municipalities'"/></xsl:call-template></cell>
        </row>
      </head>
      <body>
        <xsl:for-each select="*">
          <row src="{f:src(.)}">
            <cell><b><xsl:value-of select="@name"/></b></cell>
            <cell>
              <xsl:for-each select="municipality">
                <xsl:if test="position() > 1"> · </xsl:if>
                <keep><xsl:value-of select="@name"/></keep>
              </xsl:for-each>
            </cell>
          </row>
        </xsl:for-each>
      </body>
    </table>
  </xsl:template>

  <xsl:template match="workshops">
    <timeline src="{f:src(.)}">
      <xsl:for-each select="workshop">
        <entry src="{f:src(.)}">
          <label><xsl:apply-templates select="city/node()"/></label>
          <when><xsl:value-of select="f:months(@start, string(@end))"/></when>
          <xsl:if test="@people">
            <p><xsl:value-of select="f:number(@people)"/></p>
          </xsl:if>
        </entry>
      </xsl:for-each>
    </timeline>
  </xsl:template>

  <xsl:template match="list">
    <list src="{f:src(.)}">
      <xsl:if test="@numbered = 'yes'"><xsl:attribute name="style">decimal</xsl:attribute></xsl:if>
      <xsl:for-each select="item">
        <item src="{f:src(.)}"><xsl:apply-templates select="node()"/></item>
      </xsl:for-each>
    </list>
  </xsl:template>

  <!-- "Bello and Caldas (Antioquia) | Telarte: knitting and writing
       experiences", as the original heads its stories. -->
  <xsl:template match="story">
    <h level="2" src="{f:src(.)}">
      <xsl:apply-templates select="place/node()"/>
      <xsl:text> | </xsl:text>
      <xsl:apply-templates select="title/node()"/>
    </h>
    <xsl:apply-templates select="body/p | photo"/>
  </xsl:template>

  <xsl:template match="photo">
    <gallery src="{f:src(.)}">
      <photo src="{f:src(.)}">
        <xsl:apply-templates select="image"/>
        <caption><xsl:apply-templates select="caption/node()"/></caption>
        <xsl:apply-templates select="image/credit"/>
      </photo>
    </gallery>
  </xsl:template>

  <xsl:template match="dates">
    <cards src="{f:src(.)}">
      <xsl:for-each select="date">
        <card src="{f:src(.)}">
          <title><xsl:apply-templates select="name/node()"/></title>
          <p><xsl:apply-templates select="place/node()"/></p>
        </card>
      </xsl:for-each>
    </cards>
  </xsl:template>

  <xsl:template match="partners">
    <section id="partners" src="{f:src(.)}" opener="inline">
      <title><xsl:call-template name="string"><xsl:with-param name="key" select="'partners'"/></xsl:call-template></title>
      <cards src="{f:src(.)}">
        <xsl:for-each select="partner">
          <card src="{f:src(.)}"><title><xsl:value-of select="@name"/></title></card>
        </xsl:for-each>
      </cards>
    </section>
  </xsl:template>

</xsl:stylesheet>
